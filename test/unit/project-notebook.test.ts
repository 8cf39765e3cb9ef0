/**
 * A converted notebook model's manifest: a table of its columns, classes_ as labels over the score
 * output, task and conversion record; the wizard's set-up cannot turn it into another input kind.
 * Built from real ONNX models that skl2onnx converted in the test set-up (test/fixtures/tabular/onnx-tables).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestFromSetup, setupOf } from '../../main/api/project-setup.ts';
import { inspectOnnx } from '../../main/formats/onnx.ts';
import type { ModelInfo } from '../../main/formats/types.ts';
import { parseManifest, type Manifest } from '../../main/manifest.ts';
import { createManifest } from '../../main/project.ts';

const TABLES = 'test/fixtures/tabular/onnx-tables';

/** The ModelInfo inspectNotebook gives: the ONNX model's own, with what the conversion said of it. */
async function convertedInfo(name: string): Promise<{ info: ModelInfo; recorded: Manifest }> {
  const dir = path.join(TABLES, name);
  const recorded = parseManifest(JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')), name);
  if (recorded.input.kind !== 'table' || !recorded.conversion || !recorded.task) throw new Error(`${name}: not a table fixture`);
  const onnx = await inspectOnnx(path.resolve(dir, 'model.onnx'));
  const info: ModelInfo = {
    ...onnx,
    notebook: {
      columns: recorded.input.columns,
      task: recorded.task,
      classes: recorded.labels,
      scoreOutput: recorded.postprocess.output!,
      conversion: recorded.conversion,
    },
  };
  return { info, recorded };
}

describe('the manifest of a notebook model', () => {
  it('takes a classifier as a table with its classes over the probabilities, no softmax and no probe', async () => {
    const { info, recorded } = await convertedInfo('cancer');
    const manifest = await createManifest(info);
    expect(manifest.format).toBe('onnx');
    expect(manifest.input).toEqual(recorded.input);
    expect(manifest.labels).toEqual(recorded.labels);
    expect(manifest.task).toBe('classification');
    expect(manifest.postprocess).toMatchObject({ output: 'probabilities', softmax: false, top_k: 2 });
    expect(manifest.conversion).toEqual(recorded.conversion);
    // Rows are small and CSV requests carry many: a deep queue and large model calls.
    expect(manifest.server).toMatchObject({ max_queue: 16_384, max_batch_size: 1024 });
    // Named by the file the user gave, not by the converted model.onnx.
    expect(manifest.name).toBe('cancer');
    expect(manifest.model.files).toEqual([
      { path: 'model.onnx', bytes: recorded.model.files[0]!.bytes, sha256: recorded.model.files[0]!.sha256 },
    ]);
  });

  it('takes a regressor as a table with its value output and no labels', async () => {
    const { info } = await convertedInfo('diabetes');
    const manifest = await createManifest(info);
    expect(manifest).toMatchObject({
      task: 'regression',
      input: { kind: 'table' },
      postprocess: { output: 'variable', softmax: false, top_k: 1 },
    });
    expect(manifest.labels).toBeUndefined();
  });

  it('refuses flags that describe what the file already says', async () => {
    const { info } = await convertedInfo('cancer');
    await expect(createManifest(info, { labels: ['a', 'b'], preset: 'digits' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/^--preset, --labels: not for a notebook model/),
    });
    await expect(createManifest(info, { image: { fit: 'crop' } })).rejects.toThrow(/--fit: not for a notebook model/);
  });
});

describe("the wizard's set-up of a notebook model", () => {
  it('keeps the table, task and conversion, renames classes and sets top-k', async () => {
    const { info } = await convertedInfo('cancer');
    const base = await createManifest(info);
    const setup = {
      ...setupOf(base),
      name: 'tumours',
      labels: ['no', 'yes'],
      postprocess: { ...base.postprocess, top_k: 1, softmax: true },
    };
    const manifest = manifestFromSetup(base, setup);
    expect(manifest).toMatchObject({ name: 'tumours', labels: ['no', 'yes'], task: 'classification', input: base.input });
    expect(manifest.conversion).toEqual(base.conversion);
    // Probabilities already: softmax stays off whatever the page sends.
    expect(manifest.postprocess).toMatchObject({ output: 'probabilities', softmax: false, top_k: 1 });
  });

  it('refuses a set-up that turns the table into tensor input', async () => {
    const { info } = await convertedInfo('cancer');
    const base = await createManifest(info);
    expect(() => manifestFromSetup(base, { ...setupOf(base), input: { kind: 'tensor' } })).toThrow(
      /a notebook model takes the table of its columns as input, not tensor input/,
    );
  });
});
