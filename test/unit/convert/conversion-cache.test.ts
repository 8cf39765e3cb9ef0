/** The conversion cache keeps a failed report as well as a passed one, and trusts neither once damaged. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, commitFailure, readCached, startEntry, type FailedReport } from '../../../main/convert/conversion-cache.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const FAILED: FailedReport = {
  ok: false,
  error: { step: 'convert', message: 'skl2onnx 1.20 cannot convert FunctionTransformer(numpy.log1p)' },
  model: { estimator: 'Pipeline', task: 'classification', classes: ['0', '1'] },
};
const PARTS = {
  file: 'a'.repeat(64),
  allowed: ['numpy.log1p', 'sklearn.pipeline.Pipeline'],
  tolerance: 1e-4,
  image: 'craneml/converter:1',
};

async function failedEntry(root: string): Promise<string> {
  const key = cacheKey(PARTS);
  const dir = await startEntry(key, root);
  await writeFile(path.join(dir, 'report.json'), JSON.stringify(FAILED));
  await commitFailure(key, dir, 2.5, root);
  return key;
}

describe('the conversion cache', () => {
  it('gives back a failed report as it was, with no model file', async () => {
    await using root = await tempDir('conversion-cache');
    const key = await failedEntry(root.path);
    expect(await readCached(key, root.path)).toEqual({ report: FAILED, seconds: 2.5 });
  });

  it('keys by the approved globals in any order, and by every other part', () => {
    const key = cacheKey(PARTS);
    expect(cacheKey({ ...PARTS, allowed: [...PARTS.allowed].reverse() })).toBe(key);
    expect(cacheKey({ ...PARTS, allowed: ['sklearn.pipeline.Pipeline'] })).not.toBe(key);
    expect(cacheKey({ ...PARTS, tolerance: 1e-3 })).not.toBe(key);
    expect(cacheKey({ ...PARTS, sample: 'b'.repeat(64) })).not.toBe(key);
    expect(cacheKey({ ...PARTS, image: 'craneml/converter:2' })).not.toBe(key);
  });

  it('does not trust a failed entry whose entry.json names a model file', async () => {
    await using root = await tempDir('conversion-cache');
    const key = await failedEntry(root.path);
    const entryFile = path.join(root.path, key, 'entry.json');
    const entry = JSON.parse(await readFile(entryFile, 'utf8')) as object;
    await writeFile(entryFile, JSON.stringify({ ...entry, onnxSha256: 'c'.repeat(64) }));
    expect(await readCached(key, root.path)).toBeUndefined();
  });
});
