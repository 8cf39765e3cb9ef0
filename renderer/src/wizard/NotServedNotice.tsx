/** Says in words which outputs of a model are left out (skl2onnx's ZipMap probabilities) and how to serve them, as the README does. */
import type { StagedModel } from '../../../main/shared/crane-api.ts';

/** The outputs the core left out, from its metadata row "outputs_not_served": "probabilities (not tensors)". */
export function outputsNotServed(staged: StagedModel): string | undefined {
  const value = staged.metadata.outputs_not_served;
  return typeof value === 'string' ? value.replace(/ \(not tensors\)$/, '') : undefined;
}

export function NotServedNotice({ staged }: { staged: StagedModel }) {
  const outputs = outputsNotServed(staged);
  if (!outputs) return null;
  return (
    <div className="notice" role="note" aria-labelledby="not-served-title">
      <p id="not-served-title">
        <strong>Not served: {outputs}</strong>
      </p>
      <p>
        These outputs are not tensors (scikit-learn&apos;s probabilities through skl2onnx come as a ZipMap, a list of maps), so the image
        leaves them out and answers without them. To serve the probabilities, convert the model again with{' '}
        <code>options={'{"zipmap": False}'}</code> in skl2onnx&apos;s <code>to_onnx</code> (or <code>convert_sklearn</code>) and drop the
        new file.
      </p>
    </div>
  );
}
