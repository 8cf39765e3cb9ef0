/** CraneML's own version, read once from package.json. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const CRANEML_VERSION: string = (require('../package.json') as { version: string }).version;
