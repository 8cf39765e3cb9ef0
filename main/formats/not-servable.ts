/**
 * Formats CraneML recognises but does not serve yet, each with the one command that converts it to
 * a format it serves. (Notebook models, pickles included, are converted to ONNX by CraneML itself:
 * main/convert/; PyTorch files are served by the Python runtime: main/python-project/torch-model.ts.)
 */
export type NotServableFormat = 'savedmodel';

const HOW: Record<NotServableFormat, { what: string; convert: string }> = {
  savedmodel: {
    what: 'a TensorFlow SavedModel',
    convert: 'convert it to ONNX with "python -m tf2onnx.convert --saved-model <its folder> --output model.onnx"',
  },
};

/** What the format is and how to convert it, as one line. @example notServable('savedmodel') */
export function notServable(format: string): string {
  const how = HOW[format as NotServableFormat];
  if (!how) return `a ${format} model, which CraneML does not serve`;
  return `${how.what}, which CraneML recognises but does not serve yet (loading it needs Python); ${how.convert}, then pass the .onnx file`;
}
