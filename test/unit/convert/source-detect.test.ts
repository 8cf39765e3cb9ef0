/** detectSource judges a file by its content: names and extensions do not make or unmake a notebook model. */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../../main/notebook/detect-source.ts';
import { readSourceFacts } from '../../../main/notebook/source-facts.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const DIR = 'test/fixtures/tabular/hostile';

describe('detectSource', () => {
  it('knows a pickle named model.onnx and an ONNX file named model.pkl by their content', async () => {
    await using dir = await tempDir('source-detect');
    const pickle = path.join(dir.path, 'model.onnx');
    const onnx = path.join(dir.path, 'model.pkl');
    await copyFile(path.join(DIR, 'pipeline_p4.pkl'), pickle);
    await copyFile('assets/examples/digits/model.onnx', onnx);
    expect(await detectSource(pickle)).toBe('pickle');
    expect(await detectSource(onnx)).toBeUndefined();
  });

  it('reads a CatBoost model by its CBM1 magic', async () => {
    await using dir = await tempDir('source-detect');
    const file = path.join(dir.path, 'model.bin');
    await writeFile(file, Buffer.concat([Buffer.from('CBM1'), Buffer.alloc(64, 7)]));
    expect(await readSourceFacts(file)).toMatchObject({ kind: 'catboost', library: 'catboost', estimator: 'CatBoost model', globals: [] });
  });

  it('leaves alone what only looks close: a zip without schema.json, gzip of text, a folder, text ending in a dot', async () => {
    await using dir = await tempDir('source-detect');
    const zip = path.join(dir.path, 'archive.skops');
    await writeFile(zip, zipSync({ 'config.json': new TextEncoder().encode('{}') }));
    const gzip = path.join(dir.path, 'rows.joblib');
    await writeFile(gzip, gzipSync('a,b\n1,2\n'));
    const prose = path.join(dir.path, 'notes.pkl');
    await writeFile(prose, 'Look at this.');
    const folder = path.join(dir.path, 'folder.joblib');
    await mkdir(folder);
    for (const file of [zip, gzip, prose, folder, path.join(dir.path, 'missing.pkl')]) {
      expect(await detectSource(file), file).toBeUndefined();
    }
  });

  it("leaves torch.save's legacy pickles to PyTorch's reader", async () => {
    await using dir = await tempDir('source-detect');
    const file = path.join(dir.path, 'model.pkl');
    // pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2): the magic number torch.save writes first, then more pickles.
    await writeFile(file, Buffer.from('80028a0a6cfc9c46f9206aa850192e80024de9032e', 'hex'));
    expect(await detectSource(file)).toBeUndefined();
  });

  it('finds a skops archive by its schema.json wherever it sits in the archive', async () => {
    await using dir = await tempDir('source-detect');
    const file = path.join(dir.path, 'model.zip');
    await copyFile(path.join(DIR, 'pipeline.skops'), file);
    expect(await detectSource(file)).toBe('skops');
  });
});
