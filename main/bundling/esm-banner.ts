/**
 * What an ES module chunk lacks when it carries CommonJS packages, given at its top by esbuild's
 * `banner`: Node's `require` resolving from the chunk's folder, and for packages that find files
 * beside their sources, `__filename` and `__dirname`. One definition for the CLI's and the model
 * server's bundles.
 */

/** `require`, for the CommonJS packages a chunk carries. */
export const REQUIRE_BANNER =
  "import { createRequire as __craneRequire } from 'node:module'; const require = __craneRequire(import.meta.url);";

/** REQUIRE_BANNER, and `__filename` and `__dirname` naming the chunk (TF.js's wasm loader reads them). */
export const REQUIRE_AND_DIRNAME_BANNER = [
  REQUIRE_BANNER,
  "import { fileURLToPath as __craneFilePath } from 'node:url';",
  "import { dirname as __craneDirname } from 'node:path';",
  'const __filename = __craneFilePath(import.meta.url);',
  'const __dirname = __craneDirname(__filename);',
].join(' ');
