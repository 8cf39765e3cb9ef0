/**
 * Formats CraneML recognises but does not serve yet, each with the one command that converts it to
 * a format it serves. They need Python to load, which a CraneML image does not carry. (Notebook
 * models, pickles included, are converted to ONNX by CraneML itself: main/convert/.)
 */
export type NotServableFormat = 'savedmodel' | 'pytorch';

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
};

/** What the format is and how to convert it, as one line. @example notServable('pytorch') */
export function notServable(format: string): string {
  const how = HOW[format as NotServableFormat];
  if (!how) return `a ${format} model, which CraneML does not serve`;
  return `${how.what}, which CraneML recognises but does not serve yet (loading it needs Python); ${how.convert}, then pass the .onnx file`;
}
