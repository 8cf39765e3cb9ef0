/**
 * Why the Drop step could not stage a file: the core's one-line message, titled for a refused pickle or a
 * failed conversion; a TorchScript file without its input's shape asks for the shape instead.
 */
import { codeOf, messageOf } from '../ui/format.ts';
import { InputShapeForm, SHAPE_NEEDED_TEXT } from './InputShapeForm.tsx';

const TITLES: Record<string, string> = {
  UNSAFE_MODEL: 'Refused for safety',
  CONVERSION_FAILED: 'This model could not be converted to ONNX',
};

interface StageFailureProps {
  error: unknown;
  /** Stages the same files again with the input shape the user gave (asked for on INPUT_SHAPE_NEEDED). */
  onShape: (dims: number[]) => void;
}

/** Shown in place (role="alert"); the Drop step stays ready for another file. */
export function StageFailure({ error, onShape }: StageFailureProps) {
  if (codeOf(error) === 'INPUT_SHAPE_NEEDED') {
    return (
      <div role="alert" className="alert" tabIndex={-1}>
        <p>
          <strong>Which input does this model take?</strong>
        </p>
        <p>{SHAPE_NEEDED_TEXT}</p>
        <InputShapeForm onShape={onShape} />
      </div>
    );
  }
  const title = TITLES[codeOf(error) ?? ''];
  return (
    <div role="alert" className="alert" tabIndex={-1}>
      {title && (
        <p>
          <strong>{title}</strong>
        </p>
      )}
      <p>{messageOf(error)}</p>
      {title && <p>Nothing was staged. Drop or pick another file to go on.</p>}
    </div>
  );
}
