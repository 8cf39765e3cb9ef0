/**
 * Where the app's own files are: in the source tree, or in a packaged desktop app, in its
 * resources folder (`process.resourcesPath`), outside app.asar, where esbuild, Docker's build
 * context and child processes can read them (electron.config.ts puts them there).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; also right for the bundled main (dist/electron/main.js is two levels down too). */
const SOURCE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(import.meta.url);

/** The resources folder of a packaged Electron app, when this code runs from its app.asar. */
export function packagedResources(
  resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath,
  here = HERE,
): string | undefined {
  return resourcesPath && here.split(/[\\/]/).includes('app.asar') ? resourcesPath : undefined;
}

/**
 * A file of the app by its path in the sources, or by its path under resources/ when packaged.
 * @example appFile('assets/examples/digits', 'examples/digits')
 */
export function appFile(source: string, packaged = source): string {
  const resources = packagedResources();
  return resources ? path.join(resources, packaged) : path.join(SOURCE_ROOT, source);
}

/** The bundled digits example project (with its sample drawings): `craneml demo` and the app's example. */
export const DIGITS_EXAMPLE = appFile('assets/examples/digits', 'examples/digits');

/** Where a packaged app keeps the native packages it unpacked from app.asar (undefined when not packaged). */
export function unpackedModules(): string | undefined {
  const resources = packagedResources();
  return resources && path.join(resources, 'app.asar.unpacked', 'node_modules');
}

/** The Python runtime's image codec (codec.mjs) pre-bundled by scripts/build-app.ts, when packaged. */
export function prebuiltImageCodec(): string | undefined {
  const resources = packagedResources();
  return resources && path.join(resources, 'codec', 'codec.mjs');
}

/** The model server pre-bundled by scripts/build-app.ts (a packaged app has no esbuild sources to bundle). */
export function prebuiltRuntime(): string | undefined {
  const resources = packagedResources();
  return resources && path.join(resources, 'runtime');
}

/** The try-it page pre-bundled by scripts/build-app.ts (main/runtimes/try-page.ts), when packaged. */
export function prebuiltTryPage(): string | undefined {
  const resources = packagedResources();
  return resources && path.join(resources, 'page');
}
