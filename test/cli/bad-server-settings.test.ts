/**
 * A model server setting from the environment that is not a number stops `craneml serve` before it
 * listens: exit 2 and one line in the setting's own words, not an internal error after "listening".
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { digitsProject } from '../runtime/helpers.ts';

let project: string;

beforeAll(async () => {
  project = await digitsProject();
});

afterAll(() => rm(project, { recursive: true, force: true }));

const REFUSED: [string, string, RegExp][] = [
  ['CRANEML_INLINE_CALL_MS', 'abc', /^craneml: CRANEML_INLINE_CALL_MS must be a whole number, 0 or more, got "abc"$/],
  ['CRANEML_INTRA_OP_THREADS', '-2', /^craneml: CRANEML_INTRA_OP_THREADS must be a whole number, 0 or more, got "-2"$/],
  ['CRANEML_CODEC_WORKERS', 'many', /^craneml: CRANEML_CODEC_WORKERS must be a positive number, got "many"$/],
];

describe('craneml serve with a server setting that is not a number', () => {
  it.each(REFUSED)('%s=%s: exit 2, one line, never listening', async (name, value, message) => {
    const result = await runCli(['serve', project, '--port', '0'], { env: { [name]: value, CRANEML_DEBUG: '' }, timeoutMs: 60_000 });
    expectOneLineError(result, message);
    expect(result.stdout).not.toMatch(/listening/);
  });
});
