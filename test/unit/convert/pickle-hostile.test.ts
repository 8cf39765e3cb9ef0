/**
 * Hostile pickles, joblib and skops files (scripts/fixtures-tabular/hostile_pickles.py): each is
 * refused with UNSAFE_MODEL naming what it calls, and the marker file each payload would create
 * never appears: nothing in them ran.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { detectSource } from '../../../main/notebook/detect-source.ts';
import { readSourceFacts } from '../../../main/notebook/source-facts.ts';

const DIR = 'test/fixtures/tabular/hostile';
const MARKER = path.join(DIR, 'RAN');

async function refusal(name: string): Promise<CraneError> {
  const error: unknown = await readSourceFacts(path.join(DIR, name)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CraneError);
  return error as CraneError;
}

const CASES: [file: string, kind: string, named: string][] = [
  ['os_system_p0.pkl', 'pickle', 'posix.system (os.system)'],
  ['os_system_p2.pkl', 'pickle', 'posix.system (os.system)'],
  ['os_system_p5.pkl', 'pickle', 'posix.system (os.system)'],
  ['popen.pkl', 'pickle', 'subprocess.Popen'],
  ['exec.pkl', 'pickle', 'builtins.exec'],
  ['eval.pkl', 'pickle', 'builtins.eval'],
  ['nested_reduce.pkl', 'pickle', 'posix.system'],
  ['hidden.joblib', 'joblib', 'posix.system'],
  ['object_array.joblib', 'joblib', 'builtins.eval'],
  ['ufunc_os.pkl', 'pickle', "numpy._core._ufunc_reconstruct('os', 'system')"],
  ['partial_system.pkl', 'pickle', 'functools.partial(posix.system)'],
  ['getattr.pkl', 'pickle', 'builtins.getattr'],
  ['dotted.pkl', 'pickle', 'sklearn.pipeline.Pipeline.fit.__globals__'],
  ['called_object.pkl', 'pickle', 'an object the pickle builds, called as a function'],
  ['memo_names.pkl', 'pickle', 'os.system'],
  ['text_global.pkl', 'pickle', 'os.system'],
  ['evil.skops', 'skops', 'posix.system'],
];

afterAll(() => {
  expect(existsSync(MARKER)).toBe(false);
});

describe('hostile notebook model files', () => {
  it.each(CASES)('refuses %s, recognised as %s, naming %s', async (file, kind, named) => {
    expect(await detectSource(path.join(DIR, file))).toBe(kind);
    const error = await refusal(file);
    expect(error.code).toBe('UNSAFE_MODEL');
    expect(error.message).toContain(`${path.join(DIR, file)}: refused: `);
    expect(error.message).toContain(named);
    expect(error.message).toContain('Nothing in the file was run.');
    expect(error.message).not.toContain('\n');
    expect(existsSync(MARKER)).toBe(false);
  });

  it('names the refused call, not the libraries around it, in a joblib file hiding one beside a real pipeline', async () => {
    const { message } = await refusal('hidden.joblib');
    expect(message).toMatch(/the pickle calls posix\.system \(os\.system\); CraneML loads only/);
    expect(message).not.toContain('sklearn');
  });

  it('allows numpy._core._ufunc_reconstruct only for NumPy functions, and names the arguments it was given', async () => {
    const { message } = await refusal('ufunc_os.pkl');
    expect(message).toContain("calls numpy._core._ufunc_reconstruct('os', 'system');");
  });
});
