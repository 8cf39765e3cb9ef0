/**
 * The app's processes (`craneml ui`, Electron main) serve many calls: an error nobody caught, from a
 * library callback or a stream without an 'error' listener, is logged as one line and the process
 * goes on serving, instead of taking every open page and running job down with it.
 */
import { describeError } from '../errors.ts';

/**
 * Installs the process-wide handlers; returns the function that removes them.
 * @example const release = keepServing((line) => console.error(line));
 */
export function keepServing(log: (line: string) => void): () => void {
  const onRejection = (reason: unknown): void => log(`error (kept serving): unhandled rejection: ${describeError(reason)}`);
  const onException = (error: unknown): void => log(`error (kept serving): uncaught exception: ${describeError(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
