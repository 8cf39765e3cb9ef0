/** Asks for one input row's shape when the dropped model does not say it (TorchScript), checked here by the shared rule. */
import { useState, type FormEvent } from 'react';
import { MAX_SHAPE_DIMS, MAX_SHAPE_SIZE, readInputShape } from '../../../main/shared/input-shape-rule.ts';
import { TextField } from '../ui/Field.tsx';

/** The words that say why the shape is asked for. */
export const SHAPE_NEEDED_TEXT =
  'A TorchScript file does not say what one input row looks like. Give its shape, e.g. 30 for 30 numbers, or 1,28,28 for a 28x28 grey picture.';

const SHAPE_RULE_TEXT = `Give 1 to ${MAX_SHAPE_DIMS} whole numbers from 1 to ${MAX_SHAPE_SIZE}, separated by commas, e.g. 30 or 1,28,28.`;

/** The field and its button; `onShape` stages the same files again with the shape. */
export function InputShapeForm({ onShape }: { onShape: (dims: number[]) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dims = readInputShape(text);
    if (!dims) return setError(`“${text.trim()}” is not a shape. ${SHAPE_RULE_TEXT}`);
    setError(undefined);
    onShape(dims);
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField name="input-shape" label="Input shape" value={text} onChange={setText} error={error} placeholder="e.g. 1,28,28" />
      <button type="submit">Use this shape</button>
    </form>
  );
}
