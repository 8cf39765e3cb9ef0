/** Python code runs only in its container, never in CraneML's own process: the one error that says so. */
import { CraneError } from '../errors.ts';

/** @example throw pythonNotInProcess('my-cog-model') */
export function pythonNotInProcess(what: string): CraneError {
  return new CraneError(
    'USAGE',
    `${what}: served by the Python runtime, which runs only in its image; craneml build it, craneml run it, then predict against its URL`,
  );
}
