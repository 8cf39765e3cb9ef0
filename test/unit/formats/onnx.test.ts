import { describe, expect, it } from 'vitest';
import { detectModel, inspectModel, loadModel } from '../../../main/formats/index.ts';

const fixtures = 'test/fixtures/onnx';

describe('ONNX models from different exporters', () => {
  it('inspects a torch export with a named dynamic batch axis', async () => {
    const info = await inspectModel(`${fixtures}/torch_mlp_dynamic.onnx`);
    expect(info.format).toBe('onnx');
    expect(info.inputs).toEqual([{ name: 'features', dtype: 'float32', shape: [-1, 4], dim_names: ['batch', null] }]);
    expect(info.outputs).toEqual([{ name: 'scores', dtype: 'float32', shape: [-1, 3], dim_names: ['batch', null] }]);
    expect(info.metadata.producer_name).toBe('pytorch');
    expect(info.metadata.opset).toBe(17);
  });

  it('inspects a model built with the onnx helper API: symbolic dims, two dtypes, metadata', async () => {
    const info = await inspectModel(`${fixtures}/helper_matmul.onnx`);
    expect(info.inputs).toEqual([
      { name: 'x', dtype: 'float32', shape: [-1, 3], dim_names: ['N', null] },
      { name: 'scale', dtype: 'int64', shape: [1] },
    ]);
    expect(info.outputs.map((o) => [o.name, o.dtype, o.shape])).toEqual([
      ['y', 'float32', [-1, 2]],
      ['y_count', 'int64', [1]],
    ]);
    expect(info.metadata).toMatchObject({ producer_name: 'onnx-helper-fixture', producer_version: '1.0', opset: 13 });
    expect(String(info.metadata.doc_string).length).toBeGreaterThan(0);
  });

  it('serves the tensor outputs of a scikit-learn (skl2onnx) model and leaves its ZipMap output out', async () => {
    const file = `${fixtures}/skl2onnx_iris_zipmap.onnx`;
    const info = await inspectModel(file);
    expect(info.metadata.producer_name).toBe('skl2onnx');
    expect(info.metadata.other_opsets).toMatch(/ai\.onnx\.ml \d+/);
    expect(info.inputs).toEqual([{ name: 'X', dtype: 'float32', shape: [-1, 4] }]);
    expect(info.outputs.map((o) => [o.name, o.dtype])).toEqual([['output_label', 'string']]);
    expect(info.metadata.outputs_not_served).toMatch(/^output_probability/);
    const model = await loadModel(file);
    const out = await model.run({
      X: { dtype: 'float32', dims: [2, 4], data: new Float32Array([5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]) },
    });
    expect(out.output_label!.data).toEqual(['setosa', 'virginica']);
    await model.dispose();
  });

  it('reports a dynamic dimension without a name as -1', async () => {
    const info = await inspectModel(`${fixtures}/dynamic_unnamed.onnx`);
    expect(info.inputs[0]!.shape).toEqual([-1, 1, 8, 8]);
    expect(info.inputs[0]!.dim_names).toBeUndefined();
  });

  it('detects ONNX by content whatever the file is called', async () => {
    const { copyFile, mkdtemp, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-onnx-'));
    try {
      await copyFile(`${fixtures}/torch_mlp_dynamic.onnx`, path.join(dir, 'weights.bin'));
      expect((await detectModel(path.join(dir, 'weights.bin'))).format).toBe('onnx');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs int64 and float inputs in process', async () => {
    const model = await loadModel(`${fixtures}/helper_matmul.onnx`);
    const out = await model.run({
      x: { dtype: 'float32', dims: [2, 3], data: new Float32Array([1, 0, 0, 0, 1, 0]) },
      scale: { dtype: 'int64', dims: [1], data: new BigInt64Array([5n]) },
    });
    expect(out.y!.dims).toEqual([2, 2]);
    expect(Array.from(out.y_count!.data as BigInt64Array)).toEqual([5n]);
    await model.dispose();
  });

  it('reads a torch (dynamo) export whose weights are in a separate .onnx.data file, from any working directory', async () => {
    const info = await inspectModel(`${fixtures}/torch_dynamo_external/model.onnx`);
    expect(info.files.map((f) => f.path)).toEqual(['model.onnx', 'model.onnx.data']);
    expect(info.sizeBytes).toBe(info.files[0]!.bytes + info.files[1]!.bytes);
    expect(info.inputs).toEqual([{ name: 'features', dtype: 'float32', shape: [-1, 4], dim_names: ['batch', null] }]);
    const model = await loadModel(`${fixtures}/torch_dynamo_external/model.onnx`);
    const out = await model.run({ features: { dtype: 'float32', dims: [1, 4], data: new Float32Array([1, 2, 3, 4]) } });
    expect(out.scores!.dims).toEqual([1, 3]);
    await model.dispose();
  });

  it('names the missing external data file', async () => {
    const { copyFile, mkdtemp } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-onnx-'));
    const { rm } = await import('node:fs/promises');
    try {
      await copyFile(`${fixtures}/torch_dynamo_external/model.onnx`, path.join(dir, 'model.onnx'));
      await expect(inspectModel(path.join(dir, 'model.onnx'))).rejects.toMatchObject({
        code: 'MODEL_CORRUPT',
        message: expect.stringMatching(/its external data file "model\.onnx\.data" is missing \(expected at .*model\.onnx\.data\)/),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses external data that points outside the model folder', async () => {
    await expect(inspectModel(`${fixtures}/external_escape.onnx`)).rejects.toMatchObject({
      code: 'MODEL_FILES',
      message: expect.stringMatching(/"\.\.\/\.\.\/secret\.bin" climbs with '\.\.', which leads outside the model's folder/),
    });
  });
});
