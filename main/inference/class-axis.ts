/**
 * Which output holds a classifier's scores: only float outputs whose class axis (the one axis left
 * once the batch axis is dropped and singleton axes are squeezed) has one entry per label, so that
 * [N, 1000, 1, 1] is a 1000-class output and an int64 label of a fixed batch [3] never is.
 */
import { ManifestError } from '../errors.ts';
import type { TensorSpec } from '../manifest.ts';
import { batchAxisOf } from './batch.ts';
import { formatShape } from './tensor-from-json.ts';

/** The size of an output's class axis (-1 when dynamic), or undefined when it has none. */
export function classAxisSize(output: TensorSpec, inputs: TensorSpec[]): number | undefined {
  const { shape } = output;
  const batch = batchAxisOf(inputs);
  const batchSize = batch.kind === 'fixed' ? batch.size : -1;
  const hasBatch = shape.length >= 2 || (shape.length === 1 && (shape[0] === -1 || shape[0] === batchSize));
  const rest = (hasBatch ? shape.slice(1) : shape).filter((d) => d !== 1);
  return rest.length === 1 ? rest[0] : undefined;
}

export interface ScoreChoice {
  output: TensorSpec;
  /** Why this output, in words. */
  why: string;
}

function describeOutputs(outputs: TensorSpec[]): string {
  return outputs.map((o) => `${o.name} ${o.dtype} ${formatShape(o.shape, o.dim_names)}`).join(', ');
}

const isFloat = (spec: TensorSpec): boolean => spec.dtype.startsWith('float');

/**
 * The output holding one score per class for `classes` labels; `requested` (from --scores-output)
 * wins when it fits. Refuses, naming the flag, when none or several outputs fit.
 * `notServed` names outputs the model has but CraneML cannot return (ZipMap).
 *
 * @example chooseScoreOutput(info.outputs, info.inputs, 1000).output.name // "logits" for [N,1000,1,1]
 */
export function chooseScoreOutput(
  outputs: TensorSpec[],
  inputs: TensorSpec[],
  classes: number,
  requested?: string,
  notServed?: string,
): ScoreChoice {
  const fits = (o: TensorSpec): boolean => isFloat(o) && classAxisSize(o, inputs) === classes;
  if (requested !== undefined) {
    const output = outputs.find((o) => o.name === requested);
    if (!output)
      throw new ManifestError(`--scores-output: "${requested}" is not an output of the model (outputs: ${describeOutputs(outputs)})`);
    const size = classAxisSize(output, inputs);
    if (!isFloat(output) || (size !== classes && size !== -1)) {
      throw new ManifestError(
        `--scores-output: "${requested}" (${output.dtype} ${formatShape(output.shape, output.dim_names)}) does not hold ${classes} float scores, one per label`,
      );
    }
    return { output, why: `"${output.name}" named by --scores-output` };
  }
  const exact = outputs.filter(fits);
  const open = exact.length === 0 ? outputs.filter((o) => isFloat(o) && classAxisSize(o, inputs) === -1) : [];
  const candidates = exact.length > 0 ? exact : open;
  if (candidates.length === 1) {
    const output = candidates[0]!;
    const axis = exact.length > 0 ? `${classes} entries on its class axis` : 'an open class axis';
    return { output, why: `"${output.name}" is the only float output with ${axis} ${formatShape(output.shape, output.dim_names)}` };
  }
  if (candidates.length > 1) {
    throw new ManifestError(
      `outputs ${candidates.map((o) => `"${o.name}"`).join(' and ')} could each hold the ${classes} class scores; choose one with --scores-output NAME`,
    );
  }
  const zipmap = notServed
    ? `; its probabilities are a ZipMap (${notServed}), which CraneML cannot serve: convert with skl2onnx's options={"zipmap": False}`
    : '';
  throw new ManifestError(
    `${classes} labels given, but no float output has ${classes} entries on its class axis (outputs: ${describeOutputs(outputs)})${zipmap || '; leave the labels out to serve the raw outputs'}`,
  );
}
