/**
 * The classifier's set-up, decided once for `craneml init` and the app: which output holds the scores
 * (and its class axis and count), softmax, top-k and task, each with why, or the problem and the control
 * to change. The CLI refuses with the problem's message; the app shows it at the field it names.
 */
import { ManifestError } from '../errors.ts';
import type { ModelInfo } from '../formats/index.ts';
import type { TensorSpec } from '../manifest.ts';
import type { ScoreOutputOption, SetupDecision } from '../shared/crane-api.ts';
import { chooseScoreOutput, classAxisOf, eligibleScoreOutputs, ScoreOutputError } from './class-axis.ts';
import { CLI_NAMES, type ControlNames } from './control-names.ts';
import { decideSoftmax } from './score-probe.ts';

/** What the user said over what the core would decide: an output by name, softmax on or off; the preset's softmax. */
export interface DecisionOverrides {
  output?: string;
  softmax?: boolean;
  presetSoftmax?: boolean;
}

function optionOf(output: TensorSpec, inputs: TensorSpec[]): ScoreOutputOption {
  const axis = classAxisOf(output, inputs);
  return { name: output.name, dtype: output.dtype, shape: output.shape, classAxis: axis?.axis ?? -1, classes: axis?.size ?? -1 };
}

/** Top-k: three best classes, or as many as there are. */
const topKFor = (classes: number): number => Math.min(3, Math.max(1, classes));

/** The ZipMap outputs an ONNX model has but CraneML cannot return, as the ONNX handler recorded them. */
function notServedOf(info: ModelInfo): string | undefined {
  const skipped = info.metadata.outputs_not_served;
  return typeof skipped === 'string' ? skipped.replace(/ \(not tensors\)$/, '') : undefined;
}

/**
 * @example await decideSetup(info, ['malignant', 'benign'], {})
 * // { output: { name: 'probabilities', classes: 2, ... }, softmax: false, softmaxWhy: 'probe outputs are in 0..1 ...', topK: 2, ... }
 */
export async function decideSetup(
  info: ModelInfo,
  labels: readonly string[] | undefined,
  overrides: DecisionOverrides = {},
  names: ControlNames = CLI_NAMES,
): Promise<SetupDecision> {
  const given = {
    ...(overrides.output !== undefined ? { output: overrides.output } : {}),
    ...(overrides.softmax !== undefined ? { softmax: overrides.softmax } : {}),
  };
  const outputs = eligibleScoreOutputs(info.outputs, info.inputs).map((o) => optionOf(o, info.inputs));
  const count = labels?.length ?? 0;
  const base = { labels: count, given, outputs };
  if (count === 0) {
    // No labels: the raw outputs are served; the one output that could hold scores says how many labels it takes.
    const named = overrides.output !== undefined ? info.outputs.find((o) => o.name === overrides.output) : undefined;
    const output = named ? optionOf(named, info.inputs) : outputs.length === 1 ? outputs[0] : undefined;
    const raw = { softmax: false, softmaxWhy: "no labels: the model's outputs are answered as they are", softmaxBy: 'none' as const };
    const decision = {
      ...base,
      ...(output ? { output, ...(output.classes > 0 ? { classes: output.classes } : {}) } : {}),
      ...raw,
      topK: topKFor(info.outputs[0]?.shape.at(-1) ?? -1),
    };
    if (overrides.output !== undefined && !named)
      return {
        ...decision,
        problem: { field: 'output', message: `${names.scoreOutput}: "${overrides.output}" is not an output of the model` },
      };
    return decision;
  }
  let scores;
  try {
    scores = chooseScoreOutput(info.outputs, info.inputs, count, overrides.output, notServedOf(info), names);
  } catch (error) {
    if (!(error instanceof ScoreOutputError)) throw error;
    const classes = outputs.length === 1 && outputs[0]!.classes > 0 ? outputs[0]!.classes : undefined;
    return {
      ...base,
      ...(classes ? { classes } : {}),
      softmax: false,
      softmaxWhy: 'decided once the score output is',
      softmaxBy: 'none',
      topK: topKFor(count),
      problem: { field: error.field, message: error.message },
    };
  }
  const output = optionOf(scores.output, info.inputs);
  const classes = output.classes > 0 ? output.classes : count;
  const decided = { ...base, output, classes, topK: topKFor(classes), task: 'classification' as const };
  try {
    const softmax = await decideSoftmax(info, scores.output, count, { flag: overrides.softmax, preset: overrides.presetSoftmax }, names);
    return {
      ...decided,
      softmax: softmax.softmax,
      softmaxWhy: softmax.why,
      softmaxBy: softmax.by,
      decided: `scores: ${scores.why}; softmax ${softmax.softmax ? 'on' : 'off'}: ${softmax.why}`,
    };
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return {
      ...decided,
      softmax: false,
      softmaxWhy: error.message,
      softmaxBy: 'none',
      problem: { field: 'softmax', message: error.message },
    };
  }
}
