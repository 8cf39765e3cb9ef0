/**
 * Damaged input never gets past the scanner as anything but a CraneError: random bytes, and real
 * pickles and joblib files with bits flipped, bytes cut or bytes inserted. The generator is seeded,
 * so a failure repeats; each case is walked once, front to back, so none can hang.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { readPickle } from '../../../main/notebook/pickle/read-pickle.ts';

const DIR = 'test/fixtures/tabular/hostile';

/** mulberry32: a small seeded generator. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads `bytes` as a pickle; returns 'read' or the CraneError's code, and fails on anything else thrown. */
async function outcome(bytes: Uint8Array, what: string): Promise<string> {
  try {
    await readPickle(bytes, what);
    return 'read';
  } catch (error) {
    if (!(error instanceof CraneError)) throw new Error(`${what}: threw ${String(error)}`, { cause: error });
    expect(error.message, what).not.toContain('\n');
    return error.code;
  }
}

function mutate(source: Uint8Array, next: () => number): Uint8Array {
  const bytes = Uint8Array.from(source);
  const kind = Math.floor(next() * 3);
  const at = Math.floor(next() * bytes.length);
  if (kind === 0) {
    for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips--) {
      const i = Math.floor(next() * bytes.length);
      bytes[i]! ^= 1 << Math.floor(next() * 8);
    }
    return bytes;
  }
  if (kind === 1) return bytes.subarray(0, at);
  const inserted = Uint8Array.from({ length: 1 + Math.floor(next() * 8) }, () => Math.floor(next() * 256));
  return Uint8Array.from([...bytes.subarray(0, at), ...inserted, ...bytes.subarray(at)]);
}

describe('the pickle scanner on damaged input', () => {
  it('answers random bytes with a CraneError or a reading, never another error', async () => {
    const next = random(21);
    const codes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(next() * 256);
      const bytes = Uint8Array.from({ length }, () => Math.floor(next() * 256));
      // Half of them start as a pickle does, so the walk gets past the first byte.
      if (i % 2 === 0 && length > 2) bytes.set([0x80, 2 + (i % 4)]);
      codes.add(await outcome(bytes, `random #${i}`));
    }
    expect(codes.has('MODEL_CORRUPT')).toBe(true);
  });

  it.each(['pipeline_p4.pkl', 'pipeline_p0.pkl', 'pipeline.joblib', 'forest.joblib', 'pipeline_z3.joblib', 'xgb_sklearn.joblib'])(
    'answers %s with flipped bits, cuts and insertions with a CraneError or a reading',
    async (name) => {
      const source = new Uint8Array(await readFile(path.join(DIR, name)));
      const next = random(name.length);
      const codes = new Set<string>();
      for (let i = 0; i < 400; i++) codes.add(await outcome(mutate(source, next), `${name} mutation #${i}`));
      expect([...codes].some((code) => code !== 'read')).toBe(true);
    },
  );
});
