/** How the set-up decision's reasons and refusals name the controls that override it: the CLI's flags, or the app's fields. */

export interface ControlNames {
  /** The control that names the score output, leading a refusal of the one named ("--scores-output: ..."). */
  scoreOutput: string;
  /** Why an output named by the user was taken. */
  outputNamed: string;
  /** What to do when several outputs could hold the scores. */
  chooseOutput: string;
  /** Why softmax is on or off when the user said so. */
  softmaxOn: string;
  softmaxOff: string;
  /** What to do when the probe cannot tell logits from probabilities. */
  chooseSoftmax: string;
}

export const CLI_NAMES: ControlNames = {
  scoreOutput: '--scores-output',
  outputNamed: 'named by --scores-output',
  chooseOutput: 'choose one with --scores-output NAME',
  softmaxOn: '--softmax given',
  softmaxOff: '--no-softmax given',
  chooseSoftmax: 'pass --softmax or --no-softmax',
};

/** The app's words: its fields' names, never a flag. */
export const APP_NAMES: ControlNames = {
  scoreOutput: 'Score output',
  outputNamed: 'chosen under Score output',
  chooseOutput: 'choose one under Score output',
  softmaxOn: 'Softmax set to On',
  softmaxOff: 'Softmax set to Off',
  chooseSoftmax: 'set Softmax to On or Off',
};
