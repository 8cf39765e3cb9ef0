/**
 * The runtime's native packages, copied from this install into the build context so that the
 * image build needs no network. Only the files for the target platform are kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Arch } from '../../shared/platform.ts';
import { unpackedModules } from '../../packaging/app-resources.ts';
import { CraneError } from '../../errors.ts';
import type { ModelFormat } from '../../formats/types.ts';
import { fetchPackage, PackageFetchError, registryUrl } from './fetch-package.ts';

export type { Arch };

const require = createRequire(import.meta.url);

/** Packages the bundled server loads from disk at run time for each format (copied into the image). */
const FORMAT_PACKAGES: Record<ModelFormat, readonly string[]> = {
  onnx: ['onnxruntime-node', 'onnxruntime-common'],
  // The TF.js JavaScript is bundled; only the backend's .wasm files are read from disk.
  tfjs: ['@tensorflow/tfjs-backend-wasm'],
  // Served by TF.js layers on the wasm backend; h5wasm and fflate are bundled.
  keras: ['@tensorflow/tfjs-backend-wasm'],
};

/** sharp with its Linux build for `arch`: what the image codec loads at run time (the Python runtime's codec child too). */
export function codecPackages(arch: Arch): string[] {
  return ['sharp', '@img/colour', 'detect-libc', 'semver', `@img/sharp-linux-${arch}`, `@img/sharp-libvips-linux-${arch}`];
}

/** Packages the bundled server loads at run time (everything else is inside the bundle). */
function packagesFor(format: ModelFormat, arch: Arch): string[] {
  return [...codecPackages(arch), ...FORMAT_PACKAGES[format]];
}

/** The package's folder, found on the module search path (its exports may hide package.json from require.resolve). */
function packageDir(name: string): string | undefined {
  const unpacked = unpackedModules(); // a packaged app: the copies outside app.asar
  for (const dir of [...(unpacked ? [unpacked] : []), ...(require.resolve.paths(name) ?? [])]) {
    if (existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  return undefined;
}

/** Keeps what the runtime needs: no docs, type declarations, source maps, or other platforms' binaries. */
function keep(name: string, arch: Arch, relative: string): boolean {
  if (/(^|\/)(README|CHANGELOG|LICENSE-3rdparty)[^/]*$|\.d\.ts$|\.map$|\.md$/i.test(relative)) return false;
  if (name === 'onnxruntime-node') {
    if (relative.startsWith('script')) return false;
    const binary = relative.match(/^bin\/napi-v\d+\/([^/]+)(?:\/([^/]+))?/);
    if (binary) return binary[1] === 'linux' && (binary[2] === undefined || binary[2] === arch);
  }
  if (name === '@tensorflow/tfjs-backend-wasm')
    return relative === 'package.json' || relative === 'dist' || /^dist\/[^/]+\.wasm$/.test(relative);
  return true;
}

/** The version of a platform build of sharp that the installed sharp asks for, if it is one. */
function sharpPlatformVersion(name: string): string | undefined {
  if (!/^@img\/sharp-(libvips-)?linux-/.test(name)) return undefined;
  const sharp = packageDir('sharp');
  if (!sharp) return undefined;
  const manifest = JSON.parse(readFileSync(path.join(sharp, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  return manifest.optionalDependencies?.[name];
}

/**
 * The folder of a runtime package: this install's, or for sharp's Linux builds (which npm installs
 * only on Linux hosts of that CPU) a copy downloaded once from the npm registry.
 */
async function locatePackage(name: string, arch: Arch, notify: (message: string) => void): Promise<string> {
  const installed = packageDir(name);
  if (installed) return installed;
  const version = sharpPlatformVersion(name);
  if (version) {
    notify(`fetching ${name}@${version} for linux/${arch} from ${registryUrl()} (once; it is cached)`);
    try {
      return await fetchPackage(name, version);
    } catch (error) {
      if (!(error instanceof PackageFetchError)) throw error;
      throw new CraneError(
        'USAGE',
        `images for linux/${arch} need ${name}@${version}, which is not installed here and could not be downloaded (${error.message}); install it with: npm install --no-save --cpu=${arch} --os=linux ${name}@${version}`,
      );
    }
  }
  throw new CraneError(
    'USAGE',
    `the runtime package ${name} is not installed here, so images for linux/${arch} cannot be built on this machine (run npm install in CraneML's folder)`,
  );
}

/** Copies the runtime's packages for linux/`arch` into `<dest>/node_modules`; returns the folders they came from. */
export function copyRuntimePackages(
  dest: string,
  format: ModelFormat,
  arch: Arch,
  notify: (message: string) => void = () => {},
): Promise<string[]> {
  return copyPackages(dest, packagesFor(format, arch), arch, notify);
}

/**
 * Copies `names` (found here, or sharp's Linux builds fetched once) for linux/`arch` into `<dest>/node_modules`.
 * @example await copyPackages(dir, codecPackages('x64'), 'x64'); // ['/repo/node_modules/sharp', ...]
 */
export async function copyPackages(
  dest: string,
  names: readonly string[],
  arch: Arch,
  notify: (message: string) => void = () => {},
): Promise<string[]> {
  const sources: string[] = [];
  for (const name of names) {
    const from = await locatePackage(name, arch, notify);
    const to = path.join(dest, 'node_modules', name);
    await cp(from, to, {
      recursive: true,
      dereference: true,
      filter: (source) => {
        const relative = path.relative(from, source).split(path.sep).join('/');
        return relative === '' || keep(name, arch, relative);
      },
    });
    await stat(path.join(to, 'package.json'));
    sources.push(from);
  }
  return sources;
}
