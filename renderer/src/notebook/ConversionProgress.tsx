/** Where a dropped notebook model's conversion to ONNX is: its step of five, what it does now, and for how long it has run. */
import type { ConversionEvent } from '../../../main/shared/crane-api.ts';
import { useElapsedSeconds } from '../ui/use-elapsed-seconds.ts';

const STEPS: Record<ConversionEvent['step'], string> = {
  image: 'Preparing the converter',
  load: 'Loading the model in the converter',
  describe: 'Reading its columns and classes',
  convert: 'Converting to ONNX',
  parity: 'Proving the answers are equal',
};
const ORDER = Object.keys(STEPS) as ConversionEvent['step'][];

/** "Converting cancer.joblib to ONNX, step 5 of 5: Proving the answers are equal. <the core's message>" */
export function conversionStepText(progress: ConversionEvent): string {
  const position = ORDER.indexOf(progress.step) + 1;
  return `Converting ${progress.fileName} to ONNX, step ${position} of ${ORDER.length}: ${STEPS[progress.step]}. ${progress.message}`;
}

interface Props {
  progress: ConversionEvent;
  /** When the staging began (Date.now()). */
  since: number;
}

/** The conversion's bar and running time; the step's words go in the Drop step's live region (conversionStepText). */
export function ConversionBar({ progress, since }: Props) {
  const seconds = useElapsedSeconds(since);
  return (
    <p className="conversion-bar">
      <progress max={ORDER.length} value={ORDER.indexOf(progress.step) + 1} aria-label={`Conversion of ${progress.fileName}`} />{' '}
      <span className="muted">
        {seconds} s{progress.step === 'image' ? ' (the first conversion builds the converter image: a minute or more)' : ''}
      </span>
    </p>
  );
}
