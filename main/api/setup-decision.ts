/**
 * The wizard's classifier set-up for a staged model: the core's one decision (inference/setup-decision.ts),
 * in the app's words. A notebook or Python model's set-up comes from its file and code, so it is read, not decided.
 */
import type { ModelInfo } from '../formats/index.ts';
import { APP_NAMES } from '../inference/control-names.ts';
import { decideSetup } from '../inference/setup-decision.ts';
import type { Manifest } from '../manifest.ts';
import type { ParsedArgs, SetupDecision } from '../shared/crane-api.ts';

/** A converted notebook model's or a Python model's set-up, as its staged manifest holds it. */
function fixedSetup(base: Manifest, labels: number): SetupDecision {
  const classes = base.labels?.length;
  return {
    labels,
    given: {},
    outputs: [],
    ...(classes ? { classes } : {}),
    softmax: false,
    softmaxWhy: 'the model answers probabilities itself',
    softmaxBy: 'none',
    topK: base.postprocess.top_k,
    ...(base.task ? { task: base.task } : {}),
    ...(base.postprocess.decided ? { decided: base.postprocess.decided } : {}),
  };
}

/** @example await decideStaged(info, base, { stagedId, labels: ['malignant', 'benign'] }) // { output: { name: 'probabilities' }, ... } */
export function decideStaged(info: ModelInfo, base: Manifest, args: ParsedArgs<'decideSetup'>): Promise<SetupDecision> {
  if (base.conversion || base.python) return Promise.resolve(fixedSetup(base, args.labels.length));
  const labels = args.labels.map((l) => l.trim()).filter((l) => l !== '');
  return decideSetup(info, labels, { output: args.output, softmax: args.softmax }, APP_NAMES);
}
