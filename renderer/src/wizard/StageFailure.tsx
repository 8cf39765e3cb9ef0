/** Why the Drop step could not stage a file: the core's one-line message, titled for a refused pickle or a failed conversion. */
import { codeOf, messageOf } from '../ui/format.ts';

const TITLES: Record<string, string> = {
  UNSAFE_MODEL: 'Refused for safety',
  CONVERSION_FAILED: 'This model could not be converted to ONNX',
};

/** Shown in place (role="alert"); the Drop step stays ready for another file. */
export function StageFailure({ error }: { error: unknown }) {
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
