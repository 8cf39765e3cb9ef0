/** The output side of the set-up: labels (typed or loaded from a file), softmax, top-k. */
import { useState } from 'react';
import { Alert } from '../ui/Alert.tsx';
import { TextField, fieldId } from '../ui/Field.tsx';
import { messageOf } from '../ui/format.ts';
import { labelsFromFileText, parseLabels, type SetupForm } from './setup-form.ts';
import type { FieldErrors } from './validate.ts';

interface Props {
  form: SetupForm;
  errors: FieldErrors;
  update: (patch: Partial<SetupForm>) => void;
  classes?: number;
  /** The labels are the model's own classes (a notebook model's classes_), scored as probabilities: no softmax to choose. */
  fromClasses?: boolean;
}

export function OutputFields({ form, errors, update, classes, fromClasses = false }: Props) {
  const [fileError, setFileError] = useState<string | null>(null);
  const count = parseLabels(form.labels).length;
  const loadLabels = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    try {
      update({ labels: labelsFromFileText(await file.text()).join('\n') });
    } catch (e) {
      setFileError(messageOf(e));
    }
  };
  return (
    <fieldset className="grid">
      <legend>Output</legend>
      <div className="field wide">
        <label htmlFor={fieldId('labels')}>Labels (one per line)</label>
        <textarea
          id={fieldId('labels')}
          rows={5}
          value={form.labels}
          aria-invalid={errors.labels ? true : undefined}
          aria-describedby={`${fieldId('labels')}-hint${errors.labels ? ` ${fieldId('labels')}-error` : ''}`}
          onChange={(event) => update({ labels: event.target.value })}
        />
        <span className="hint" id={`${fieldId('labels')}-hint`}>
          {count} label{count === 1 ? '' : 's'}
          {classes !== undefined ? `; the model scores ${classes} classes` : ''}
          {fromClasses ? ", from the model's classes_, in its order (rename them here if you like)" : ''}.
        </span>
        {errors.labels && (
          <span className="field-error" id={`${fieldId('labels')}-error`}>
            {errors.labels}
          </span>
        )}
      </div>
      <div className="field wide">
        <label htmlFor={fieldId('labels-file')}>Load from a file (one label per line, or a JSON array)</label>
        <input
          id={fieldId('labels-file')}
          type="file"
          accept=".txt,.json,.csv,text/plain,application/json"
          onChange={(event) => {
            void loadLabels(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <Alert message={fileError} />
      </div>
      {!fromClasses && (
        <div className="field checkbox">
          <input
            id={fieldId('softmax')}
            type="checkbox"
            checked={form.softmax}
            onChange={(event) => update({ softmax: event.target.checked })}
          />
          <label htmlFor={fieldId('softmax')}>Apply softmax (the outputs are logits)</label>
        </div>
      )}
      <TextField
        name="topK"
        label="Top-k (how many best classes to return)"
        inputMode="numeric"
        value={form.topK}
        error={errors.topK}
        onChange={(topK) => update({ topK })}
      />
    </fieldset>
  );
}
