/** The CLI's way of failing for a user: exit 2, one `craneml: ` line on stderr, no stack trace. */
import { expect } from 'vitest';
import type { CliResult } from './cli.ts';

/**
 * Asserts `result` is the CLI's one-line error and that the line matches `pattern`.
 * @example expectOneLineError(await runCli(['init', 'nothing.onnx']), /nothing\.onnx/)
 */
export function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const errors = result.stderr
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('craneml: '));
  expect(errors, result.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
}
