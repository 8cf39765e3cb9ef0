/** esbuild's version for cache recipes, read from its package.json: loading esbuild itself costs about 4.5 MB. */
import { createRequire } from 'node:module';

/** @example esbuildVersion() // '0.28.2' */
export function esbuildVersion(): string {
  return (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;
}
