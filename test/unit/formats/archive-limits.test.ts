/** Archives and HDF5 files are read within declared-size limits: bombs, `../` entries and phantom datasets are refused before allocating. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpansionBudget, MODEL_EXPANSION_LIMITS } from '../../../main/formats/archive-limits.ts';
import { inspectModel } from '../../../main/formats/index.ts';
import { craftZip, kerasArchive, storedEntry, zerosEntry } from './crafted-zip.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-archive-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('a .keras archive is read within limits', () => {
  it('refuses a 1.7 MB zip bomb declaring 1700 MiB of weights by its ratio, before inflating', async () => {
    const file = await written('bomb.keras', kerasArchive(zerosEntry('model.weights.h5', 1700)));
    const before = process.memoryUsage().rss;
    await expect(inspectModel(file)).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      message: expect.stringMatching(
        /bomb\.keras: its entry "model\.weights\.h5" would expand \d+:1 \(1700 MiB from \d+ bytes\), past the limit of 100:1/,
      ),
    });
    // Nothing near the declared 1700 MiB was allocated (a generous bound: other test files share nothing with this process).
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 ** 2);
  });

  it('refuses an entry declaring more than the per-entry limit, and entries declaring more than the total together', async () => {
    const huge = zerosEntry('model.weights.h5', 1, MODEL_EXPANSION_LIMITS.maxEntryBytes + 1);
    await expect(inspectModel(await written('huge.keras', kerasArchive(huge)))).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      message: expect.stringMatching(/its entry "model\.weights\.h5" declares 2048 MiB, past the limit of 2048 MiB per entry/),
    });
    const budget = new ExpansionBudget('many.keras', 'entry');
    budget.admit('a', 1024 ** 3, 1024 ** 3);
    expect(() => budget.admit('b', 1024 ** 3 + 1, 1024 ** 3 + 1)).toThrow(/many\.keras: its entries declare more than 2048 MiB together/);
  });

  it('refuses a zip with a ../ or absolute entry name, naming it', async () => {
    const climbing = kerasArchive(storedEntry('../../evil.sh', 'echo owned'));
    await expect(inspectModel(await written('climb.keras', climbing))).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(/climb\.keras: its entry "\.\.\/\.\.\/evil\.sh" climbs with '\.\.', which leads outside the archive/),
    });
    const absolute = kerasArchive(storedEntry('/etc/cron.d/x', 'x'));
    await expect(inspectModel(await written('absolute.keras', absolute))).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(/its entry "\/etc\/cron\.d\/x" is an absolute path/),
    });
  });

  it('refuses two entries of the same name, which would leave which one is read to the reader', async () => {
    const twice = craftZip([storedEntry('config.json', '{}'), storedEntry('config.json', '{"evil": true}')]);
    await expect(inspectModel(await written('twice.keras', twice))).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(/twice\.keras: two entries named "config\.json"/),
    });
  });

  it('refuses more entries than the limit', async () => {
    const entries = Array.from({ length: MODEL_EXPANSION_LIMITS.maxEntries + 1 }, (_, i) => storedEntry(`assets/${i}.txt`, 'x'));
    const file = await written('crowded.keras', craftZip([storedEntry('config.json', '{}'), ...entries]));
    await expect(inspectModel(file)).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      message: expect.stringMatching(/more than 1000 entries/),
    });
  });

  it('inflates an entry that lies about its size no further than it declares', async () => {
    // Declares 1 KiB, holds 8 MiB of zeros: inflating stops at the 1 KiB buffer.
    const liar = zerosEntry('model.weights.h5', 8, 1024);
    await expect(inspectModel(await written('liar.keras', kerasArchive(liar)))).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(/liar\.keras: its entry "model\.weights\.h5" inflates past the 1024 bytes it declares/),
    });
  });
});

describe('an HDF5 model is read within limits', () => {
  it('refuses a weight dataset declaring far more than the file stores, before reading it', async () => {
    await h5wasm.ready;
    const source = new h5wasm.File(path.resolve('test/fixtures/keras/dense_classifier.h5'), 'r');
    const config = source.attrs['model_config']!.value as string;
    source.close();
    const file = path.join(dir, 'phantom.h5');
    const out = new h5wasm.File(file, 'w');
    out.create_attribute('model_config', config);
    out.create_attribute('keras_version', '2.15.0');
    const weights = out.create_group('model_weights');
    weights.create_attribute('layer_names', ['dense']);
    const layer = weights.create_group('dense');
    layer.create_attribute('weight_names', ['kernel:0']);
    // A resizable chunked dataset grown to 1 GiB of float32: its unwritten chunks take no room in the file.
    const dataset = layer.create_dataset({ name: 'kernel:0', data: new Float32Array(1), shape: [1], maxshape: [null], chunks: [1024] });
    dataset.resize([256 * 1024 ** 2]);
    out.close();
    const bytes = (await readFile(file)).length;
    expect(bytes).toBeLessThan(1024 ** 2);
    await expect(inspectModel(file)).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      message: expect.stringMatching(
        /phantom\.h5: its datasets declare more than \d+ MiB together, past the limit \(100 times the file's \d+ bytes, at most 2048 MiB\)/,
      ),
    });
  });
});
