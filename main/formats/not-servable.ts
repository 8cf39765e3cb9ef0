/**
 * Formats CraneML recognises but does not serve yet, each with the one command that converts it to
 * a format it serves. They need Python to load, which a CraneML image does not carry.
 */
export type NotServableFormat = 'savedmodel' | 'pytorch' | 'pickle';

const HOW: Record<NotServableFormat, { what: string; convert: string }> = {
  savedmodel: {
    what: 'a TensorFlow SavedModel',
    convert: 'convert it to ONNX with "python -m tf2onnx.convert --saved-model <its folder> --output model.onnx"',
  },
  pytorch: {
    what: 'a PyTorch model (.pt/.pth: TorchScript or torch.save)',
    convert:
      'load it in Python (torch.jit.load, or your model class and load_state_dict) and export it with ' +
      'torch.onnx.export(model, example_input, "model.onnx", dynamo=True)',
  },
  pickle: {
    what: 'a Python pickle (scikit-learn or joblib)',
    convert:
      'load it in Python and convert it with skl2onnx: ' +
      'onnx.save(skl2onnx.to_onnx(model, X[:1].astype("float32"), options={"zipmap": False}), "model.onnx")',
  },
};

/** What the format is and how to convert it, as one line. @example notServable('pickle') */
export function notServable(format: string): string {
  const how = HOW[format as NotServableFormat];
  if (!how) return `a ${format} model, which CraneML does not serve`;
  return `${how.what}, which CraneML recognises but does not serve yet (loading it needs Python); ${how.convert}, then pass the .onnx file`;
}
