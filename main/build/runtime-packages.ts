/**
 * The runtime's native packages, copied from this install into the build context so that the
 * image build needs no network. Only the files for the target platform are kept.
 */
import { existsSync } from 'node:fs';
import { cp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import type { ModelFormat } from '../formats/types.ts';

export type Arch = 'x64' | 'arm64';

const require = createRequire(import.meta.url);

/** Packages the bundled server loads at run time (everything else is inside the bundle). */
function packagesFor(format: ModelFormat, arch: Arch): string[] {
  const common = ['sharp', '@img/colour', 'detect-libc', 'semver', `@img/sharp-linux-${arch}`, `@img/sharp-libvips-linux-${arch}`];
  const onnx = ['onnxruntime-node', 'onnxruntime-common'];
  // The TF.js JavaScript is bundled; only the backend's .wasm files are read from disk.
  const tfjs = ['@tensorflow/tfjs-backend-wasm'];
  return [...common, ...(format === 'onnx' ? onnx : tfjs)];
}

/** The package's folder, found on the module search path (its exports may hide package.json from require.resolve). */
function packageDir(name: string): string | undefined {
  for (const dir of require.resolve.paths(name) ?? []) {
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

/** Copies the runtime's packages into `<dest>/node_modules`; fails when the target's binaries are not installed. */
export async function copyRuntimePackages(dest: string, format: ModelFormat, arch: Arch): Promise<void> {
  for (const name of packagesFor(format, arch)) {
    const from = packageDir(name);
    if (!from) {
      throw new CraneError(
        'USAGE',
        `the runtime package ${name} is not installed here, so images for linux/${arch} cannot be built on this machine (install dependencies for that platform: npm install --cpu=${arch} --os=linux)`,
      );
    }
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
  }
}
