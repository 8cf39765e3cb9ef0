/**
 * electron-builder configuration: AppImage and deb for Linux, dmg for macOS, nsis for Windows.
 * `npm run dist` builds the current OS's installers; .github/workflows/release.yml builds all three.
 * The version is package.json's (electron-builder reads it there).
 */
import type { Configuration } from 'electron-builder';

/** Packages the model server's image needs from this install (main/runtimes/node/runtime-packages.ts), outside app.asar. */
export const UNPACKED_PACKAGES = [
  'onnxruntime-node',
  'onnxruntime-common',
  'sharp',
  '@img',
  'detect-libc',
  'semver',
  '@tensorflow/tfjs-backend-wasm',
] as const;

/**
 * onnxruntime-node ships every OS's binaries; the app keeps its own OS's (the in-app preview) and
 * Linux's (copied into every image).
 */
/** What goes into app.asar besides the production node_modules: the compiled app only, no sources. */
const APP_FILES = ['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map'];

const onnxBinariesExcept = (keep: string): string[] =>
  // A platform's list is used whole (with no positive pattern it would mean everything), so it repeats APP_FILES.
  [...APP_FILES, ...['darwin', 'win32'].filter((os) => os !== keep).map((os) => `!**/node_modules/onnxruntime-node/bin/napi-v*/${os}/**`)];

const config: Configuration = {
  appId: 'io.craneml.app',
  productName: 'CraneML',
  executableName: 'craneml-app',
  copyright: 'MIT License',
  directories: { output: 'out/installers', buildResources: 'assets' },
  icon: 'assets/icons/icon.png',
  files: APP_FILES,
  // Read by esbuild, Docker and child processes, so they sit as plain files in resources/ (main/packaging/app-resources.ts).
  extraResources: [
    { from: 'templates', to: 'templates', filter: ['**/*', '!**/node_modules/**', '!**/*.test.ts', '!**/__pycache__/**'] },
    { from: 'dist/runtime', to: 'runtime' },
    { from: 'dist/codec', to: 'codec' },
    { from: 'dist/page', to: 'page' },
    { from: 'assets/examples/digits', to: 'examples/digits' },
  ],
  // The native packages are prebuilt for Node-API (ABI-stable): nothing to rebuild for Electron.
  npmRebuild: false,
  asarUnpack: UNPACKED_PACKAGES.map((name) => `**/node_modules/${name}/**`),
  extraMetadata: { main: 'dist/electron/main.js' },
  // .json is left alone: a model.json opens through File › Open model…, the command line or a drop.
  fileAssociations: [
    { ext: 'onnx', name: 'ONNX model', description: 'ONNX model', role: 'Viewer', mimeType: 'application/x-onnx' },
    { ext: ['h5', 'keras'], name: 'Keras model', description: 'Keras model', role: 'Viewer', mimeType: 'application/x-hdf5' },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    maintainer: 'CraneML <craneml@users.noreply.github.com>',
    files: onnxBinariesExcept('linux'),
    icon: 'assets/icons',
    synopsis: 'Package a trained model into a Docker image with an HTTP API',
  },
  // Unsigned until the project has an Apple identity; the hardened runtime would then also need
  // entitlements for the unsigned native modules (onnxruntime, sharp) it loads.
  mac: { files: onnxBinariesExcept('darwin'), target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: false },
  win: { files: onnxBinariesExcept('win32'), target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
};

export default config;
