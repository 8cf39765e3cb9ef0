/**
 * Which output holds a classifier's scores: only float outputs whose class axis (the one axis left
 * once the batch axis is dropped and singleton axes are squeezed) has one entry per label, so that
 * [N, 1000, 1, 1] is a 1000-class output and an int64 label of a fixed batch [3] never is.
 */
import { ManifestError } from '../errors.ts';
import type { TensorSpec } from '../manifest.ts';
import { batchAxisOf } from './batch.ts';
import { CLI_NAMES, type ControlNames } from './control-names.ts';
import { formatShape } from './tensor-from-json.ts';

/** An output's class axis: its index in the shape and its size (-1 when dynamic). */
export interface ClassAxis {
  axis: number;
  size: number;
}

/** The output's class axis, or undefined when it has none (several axes left, or none). */
export function classAxisOf(output: TensorSpec, inputs: TensorSpec[]): ClassAxis | undefined {
  const { shape } = output;
  const batch = batchAxisOf(inputs);
  const batchSize = batch.kind === 'fixed' ? batch.size : -1;
  const hasBatch = shape.length >= 2 || (shape.length === 1 && (shape[0] === -1 || shape[0] === batchSize));
  const axes = shape.map((size, axis) => ({ axis, size })).slice(hasBatch ? 1 : 0);
  const rest = axes.filter((a) => a.size !== 1);
  return rest.length === 1 ? rest[0] : undefined;
}

/** The size of an output's class axis (-1 when dynamic), or undefined when it has none. */
export function classAxisSize(output: TensorSpec, inputs: TensorSpec[]): number | undefined {
  return classAxisOf(output, inputs)?.size;
}

export interface ScoreChoice {
  output: TensorSpec;
  /** Why this output, in words. */
  why: string;
}

/** A refusal of the score output, with the control to change: the labels given, or the output named. */
export class ScoreOutputError extends ManifestError {
  constructor(
    message: string,
    readonly field: 'labels' | 'output',
  ) {
    super(message);
  }
}

function describeOutputs(outputs: TensorSpec[]): string {
  return outputs.map((o) => `${o.name} ${o.dtype} ${formatShape(o.shape, o.dim_names)}`).join(', ');
}

const isFloat = (spec: TensorSpec): boolean => spec.dtype.startsWith('float');

/** The outputs that could hold class scores: float, with one class axis. */
export function eligibleScoreOutputs(outputs: TensorSpec[], inputs: TensorSpec[]): TensorSpec[] {
  return outputs.filter((o) => isFloat(o) && classAxisOf(o, inputs) !== undefined);
}

/**
 * The output holding one score per class for `classes` labels; `requested` (the user's choice)
 * wins when it fits. Refuses, naming the control (`names`: the CLI's flag or the app's field),
 * when none or several outputs fit. `notServed` names outputs the model has but CraneML cannot return (ZipMap).
 *
 * @example chooseScoreOutput(info.outputs, info.inputs, 1000).output.name // "logits" for [N,1000,1,1]
 */
export function chooseScoreOutput(
  outputs: TensorSpec[],
  inputs: TensorSpec[],
  classes: number,
  requested?: string,
  notServed?: string,
  names: ControlNames = CLI_NAMES,
): ScoreChoice {
  const fits = (o: TensorSpec): boolean => isFloat(o) && classAxisSize(o, inputs) === classes;
  if (requested !== undefined) {
    const output = outputs.find((o) => o.name === requested);
    if (!output)
      throw new ScoreOutputError(
        `${names.scoreOutput}: "${requested}" is not an output of the model (outputs: ${describeOutputs(outputs)})`,
        'output',
      );
    const size = classAxisSize(output, inputs);
    if (!isFloat(output) || (size !== classes && size !== -1)) {
      throw new ScoreOutputError(
        `${names.scoreOutput}: "${requested}" (${output.dtype} ${formatShape(output.shape, output.dim_names)}) does not hold ${classes} float scores, one per label`,
        'output',
      );
    }
    return { output, why: `"${output.name}" ${names.outputNamed}` };
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
    throw new ScoreOutputError(
      `outputs ${candidates.map((o) => `"${o.name}"`).join(' and ')} could each hold the ${classes} class scores; ${names.chooseOutput}`,
      'output',
    );
  }
  const zipmap = notServed
    ? `; its probabilities are a ZipMap (${notServed}), which CraneML cannot serve: convert with skl2onnx's options={"zipmap": False}`
    : '';
  throw new ScoreOutputError(
    `${classes} labels given, but no float output has ${classes} entries on its class axis (outputs: ${describeOutputs(outputs)})${zipmap || '; leave the labels out to serve the raw outputs'}`,
    'labels',
  );
}
