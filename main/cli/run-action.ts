/** Wraps a CLI action: user errors print one line and exit 2; --debug adds the stack. */
import { CraneError, describeError } from '../errors.ts';

export const EXIT_USER_ERROR = 2;
export const EXIT_INTERNAL_ERROR = 1;

function debugEnabled(): boolean {
  return process.argv.includes('--debug') || process.env.CRANEML_DEBUG === '1';
}

/** Prints an error the way every command does and returns the exit code. */
export function reportError(error: unknown): number {
  if (debugEnabled() && error instanceof Error) console.error(error.stack);
  if (error instanceof CraneError) {
    console.error(`craneml: ${describeError(error)}`);
    return EXIT_USER_ERROR;
  }
  console.error(`craneml: internal error: ${describeError(error)} (run again with --debug for details)`);
  return EXIT_INTERNAL_ERROR;
}

/** Turns an async command body into a commander action with uniform error handling. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}
