/** electron-builder configuration: installers for Linux (AppImage, deb), macOS (dmg) and Windows (nsis). */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'io.craneml.app',
  productName: 'CraneML',
  directories: { output: 'out/installers', buildResources: 'assets' },
  files: ['dist/**', 'templates/**', 'assets/examples/**', 'package.json'],
  asarUnpack: ['**/node_modules/onnxruntime-node/**', '**/node_modules/sharp/**', '**/node_modules/@img/**'],
  extraMetadata: { main: 'dist/electron/main.js' },
  linux: { target: ['AppImage', 'deb'], category: 'Development' },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
  win: { target: ['nsis'] },
};

export default config;
