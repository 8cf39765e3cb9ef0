/**
 * The output side of the set-up: labels (typed or loaded from a file) checked against the class count the
 * core decided, the score output and softmax as the core decided them (each with why, each overridable), top-k.
 */
import { useState } from 'react';
import type { ScoreOutputOption, SetupDecision } from '../../../main/shared/crane-api.ts';
import { Alert } from '../ui/Alert.tsx';
import { SelectField, TextField, fieldId } from '../ui/Field.tsx';
import { messageOf } from '../ui/format.ts';
import { labelsFromFileText, parseLabels, type SetupForm } from './setup-form.ts';
import type { FieldErrors } from './validate.ts';

interface Props {
  form: SetupForm;
  errors: FieldErrors;
  update: (patch: Partial<SetupForm>) => void;
  /** The labels are the model's own classes (a notebook model's classes_), scored as probabilities: no softmax to choose. */
  fromClasses?: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

function describeOutput(output: ScoreOutputOption): string {
  const classes = output.classes > 0 ? plural(output.classes, 'class') : 'any number of classes';
  return `${output.name} (${output.dtype} [${output.shape.join(', ')}], ${classes})`;
}

/** "2 labels for 2 classes", or what is missing. */
function labelsHint(count: number, decision: SetupDecision | undefined, fromClasses: boolean): string {
  if (fromClasses) return `${plural(count, 'label')}, from the model's classes_, in its order (rename them here if you like).`;
  const classes = decision?.classes;
  if (classes === undefined) return `${plural(count, 'label')}.`;
  if (count === 0)
    return `No labels: the model's outputs are answered as they are. Give ${plural(classes, 'label')}, one per class, to answer classes.`;
  return `${plural(count, 'label')} for ${plural(classes, 'class')}.`;
}

function softmaxHint(decision: SetupDecision | undefined, mode: SetupForm['softmaxMode']): string | undefined {
  if (!decision) return undefined;
  if (mode !== 'auto') return `${mode === 'on' ? 'On' : 'Off'}, as you chose.`;
  if (decision.softmaxBy === 'none') return decision.labels === 0 ? 'Decided once labels are given.' : undefined;
  return `Auto: ${decision.softmax ? 'on' : 'off'}, because ${decision.softmaxWhy}.`;
}

function outputHint(decision: SetupDecision | undefined, chosen: string): string | undefined {
  const output = decision?.output;
  if (!output) return undefined;
  const axis = `class axis ${output.classAxis} of [${output.shape.join(', ')}]`;
  return chosen === '' ? `Auto: ${output.name}, ${axis}.` : `${output.name}, ${axis}.`;
}

export function OutputFields({ form, errors, update, fromClasses = false }: Props) {
  const [fileError, setFileError] = useState<string | null>(null);
  const count = parseLabels(form.labels).length;
  const decision = form.decision;
  const loadLabels = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    try {
      update({ labels: labelsFromFileText(await file.text()).join('\n') });
    } catch (e) {
      setFileError(messageOf(e));
    }
  };
  const outputChoices = [
    { value: '', label: decision?.output && form.scoreOutput === '' ? `Auto (${decision.output.name})` : 'Auto' },
    ...(decision?.outputs ?? []).map((output) => ({ value: output.name, label: describeOutput(output) })),
  ];
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
          {labelsHint(count, decision, fromClasses)}
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
        <>
          <SelectField
            name="scoreOutput"
            label="Score output"
            value={form.scoreOutput}
            options={outputChoices}
            error={errors.scoreOutput}
            hint={outputHint(decision, form.scoreOutput)}
            onChange={(scoreOutput) => update({ scoreOutput })}
          />
          <SelectField
            name="softmax"
            label="Softmax"
            value={form.softmaxMode}
            options={[
              {
                value: 'auto',
                label:
                  decision && decision.softmaxBy !== 'none' && form.softmaxMode === 'auto'
                    ? `Auto (${decision.softmax ? 'on' : 'off'})`
                    : 'Auto',
              },
              { value: 'on', label: 'On (the outputs are logits)' },
              { value: 'off', label: 'Off (the outputs are probabilities)' },
            ]}
            error={errors.softmax}
            hint={softmaxHint(decision, form.softmaxMode)}
            onChange={(softmaxMode) => update({ softmaxMode })}
          />
        </>
      )}
      <TextField
        name="topK"
        label="Top-k (how many best classes to return)"
        inputMode="numeric"
        value={form.topK}
        error={errors.topK}
        onChange={(topK) => update({ topK, topKEdited: true })}
      />
    </fieldset>
  );
}
