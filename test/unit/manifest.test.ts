import { describe, expect, it } from 'vitest';
import { manifestJsonSchema, parseManifest } from '../../main/manifest.ts';
import { reasonFor } from './manifest-reason.ts';
import { applyPreset } from '../../main/presets.ts';
import { guessInputCodec } from '../../main/inference/guess-codec.ts';

const valid = {
  name: 'digits',
  version: '1.0.0',
  format: 'onnx',
  model: { entry: 'model.onnx', files: [{ path: 'model.onnx', sha256: 'a'.repeat(64), bytes: 10 }] },
  signature: {
    inputs: [{ name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28], dim_names: ['batch', null, null, null] }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: [-1, 10] }],
  },
  input: { kind: 'image', width: 28, height: 28, channels: 1, layout: 'NCHW', invert: 'auto', center: 'mnist' },
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  postprocess: { softmax: true },
};

describe('manifest', () => {
  it('fills defaults for the codec, postprocessing and server', () => {
    const manifest = parseManifest(valid);
    expect(manifest.server).toMatchObject({ port: 8080, max_batch_size: 32, max_body_bytes: 10 * 1024 * 1024 });
    expect(manifest.postprocess.top_k).toBe(3);
    expect(manifest.input).toMatchObject({ scale: 1 / 255, fit: 'fill', background: '#ffffff' });
  });

  it('rejects a bad manifest naming the field path and a readable reason', () => {
    expect(reasonFor({ ...valid, name: 'Bad Name!' })).toMatch(/^craneml\.json: name: must be lowercase/);
    expect(reasonFor({ ...valid, input: { ...valid.input, layout: 'CHW' } })).toMatch(/input\.layout/);
    expect(reasonFor({ ...valid, model: { ...valid.model, files: [{ path: '../x.onnx', sha256: 'a'.repeat(64), bytes: 1 }] } })).toMatch(
      /model\.files\.0\.path: must be a relative path inside the project/,
    );
    expect(reasonFor({ ...valid, input: { ...valid.input, channels: 3 } })).toMatch(/input\.center: "mnist" centring needs channels: 1/);
    expect(reasonFor({ ...valid, postprocess: { output: 'nope' } })).toMatch(/postprocess\.output: "nope" is not a model output/);
    expect(reasonFor({ ...valid, server: { max_batch_size: 0 } })).toMatch(/server\.max_batch_size/);
    const stringOutput = { ...valid.signature, outputs: [{ name: 'label', dtype: 'string', shape: [-1] }] };
    expect(reasonFor({ ...valid, signature: stringOutput })).toMatch(
      /labels: output "label" \(string \[-1\]\) does not hold one score per label/,
    );
    for (const output of [
      { name: 'label', dtype: 'int64', shape: [-1] },
      { name: 'label', dtype: 'float32', shape: [] },
      { name: 'label', dtype: 'float32', shape: [-1, 3] },
    ])
      expect(reasonFor({ ...valid, signature: { ...valid.signature, outputs: [output] } }), JSON.stringify(output)).toMatch(
        /does not hold one score per label for 10 labels/,
      );
  });

  it('exports a JSON Schema that describes the fields', () => {
    const schema = manifestJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'format', 'input', 'labels', 'server']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'version', 'format', 'model', 'signature']));
  });

  it('has a digits preset that follows the model layout', () => {
    const nchw = applyPreset('digits', { name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28] });
    const nhwc = applyPreset('digits', { name: 'x', dtype: 'float32', shape: [-1, 28, 28, 1] });
    expect(nchw.input).toMatchObject({ layout: 'NCHW', center: 'mnist', invert: 'auto', tensor: 'input' });
    expect(nhwc.input).toMatchObject({ layout: 'NHWC' });
    expect(() => applyPreset('digits', { name: 'x', dtype: 'float32', shape: [-1, 3, 224, 224] })).toThrow(/28x28/);
    for (const shape of [[-1, 784], [-1, 28, 28], [1, 784], [28, 28], [784]])
      expect(applyPreset('digits', { name: 'x', dtype: 'float32', shape }).input, JSON.stringify(shape)).toMatchObject({ width: 28 });
    expect(() => applyPreset('digits', { name: 'x', dtype: 'float32', shape: [-1, 28] })).toThrow(/28x28/);
    expect(() => applyPreset('cats', { name: 'x', dtype: 'float32', shape: [-1, 4] })).toThrow(/unknown preset/);
  });
});

describe('the input codec guessed from a signature', () => {
  it('is an image for [N, C, H, W] or [N, H, W, C] in any float type or uint8, else tensors', () => {
    expect(guessInputCodec({ name: 'x', dtype: 'float16', shape: [-1, 3, 32, 48] })).toMatchObject({
      kind: 'image',
      width: 48,
      height: 32,
      layout: 'NCHW',
    });
    expect(guessInputCodec({ name: 'x', dtype: 'float64', shape: [-1, 64, 64, 1] })).toMatchObject({
      kind: 'image',
      channels: 1,
      layout: 'NHWC',
    });
    expect(guessInputCodec({ name: 'x', dtype: 'uint8', shape: [-1, 8, 8, 3] })).toMatchObject({ kind: 'image', scale: 1 });
    expect(guessInputCodec({ name: 'x', dtype: 'int64', shape: [-1, 3, 32, 32] })).toEqual({ kind: 'tensor' });
    expect(guessInputCodec({ name: 'x', dtype: 'float32', shape: [-1, 50, 8] })).toEqual({ kind: 'tensor' });
  });
});
