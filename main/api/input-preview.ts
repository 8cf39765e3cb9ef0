/**
 * The wizard's try-it: the exact tensor the model gets from a picture (or a JSON instance) under
 * the set-up being edited, and the model's answer, in this process before anything is built.
 */
import { previewDataUrl } from '../codec/preview-png.ts';
import { InputError } from '../errors.ts';
import type { Tensor } from '../formats/index.ts';
import type { Sample } from '../inference/batch.ts';
import { Predictor } from '../inference/predictor.ts';
import type { InputPreview, TensorSummary } from '../shared/crane-api.ts';
import type { Project } from '../project.ts';
import type { LoadedModel } from '../formats/index.ts';

const HEAD_VALUES = 16;

function summarise(name: string, tensor: Tensor): TensorSummary {
  // A table's string column (a category) has no numbers to sum up.
  const values = tensor.dtype === 'string' ? [] : Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return {
    name,
    dtype: tensor.dtype,
    shape: tensor.dims,
    min: values.length ? min : 0,
    max: values.length ? max : 0,
    mean: values.length ? sum / values.length : 0,
    head: values.slice(0, HEAD_VALUES),
  };
}

/** @example await previewInput(project, model, { picture: png }) // { tensor: { shape: [1, 28, 28], ... }, picture, prediction } */
export async function previewInput(
  project: Project,
  model: LoadedModel,
  given: { picture?: Uint8Array; instance?: unknown },
): Promise<InputPreview> {
  const started = performance.now();
  const predictor = Predictor.withModel(project, model);
  let sample: Sample;
  let picture: string | undefined;
  if (given.picture) {
    const encoded = await predictor.encodeImage(given.picture);
    picture = await previewDataUrl(encoded);
    sample = predictor.sampleFromEncoded(encoded);
  } else if (given.instance !== undefined) {
    sample = predictor.sampleFromInstance(given.instance);
  } else {
    throw new InputError('give a picture or a JSON instance to preview');
  }
  const [name, tensor] = Object.entries(sample)[0]!;
  const [prediction] = await predictor.predict([sample]);
  return {
    tensor: summarise(name, tensor),
    picture, // Raw outputs are JSON arrays (postprocess.jsonData); the core's type leaves them open.
    prediction: prediction as InputPreview['prediction'],
    ms: Math.round(performance.now() - started),
  };
}
