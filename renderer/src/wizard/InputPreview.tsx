/**
 * The live preview: the set-up run on a drawing, a picked picture, a table's row typed in the form by
 * column (the Test window's and the page's form) or a tensor instance, showing the exact tensor and the answer.
 */
import { useState } from 'react';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import type { InputPreview as Preview, ModelSetup, StagedModel } from '../../../main/shared/crane-api.ts';
import type { SetupForm } from './setup-form.ts';
import type { FieldErrors } from './validate.ts';
import { api } from '../api/transport.ts';
import { blobBytes } from '../drawing/canvas-png.ts';
import { DrawingPad } from '../drawing/DrawingPad.tsx';
import { exampleRow } from '../notebook/notebook-format.ts';
import { Alert } from '../ui/Alert.tsx';
import { fieldId } from '../ui/Field.tsx';
import { messageOf } from '../ui/format.ts';
import { TopK } from '../ui/TopK.tsx';
import { useDebouncedEffect } from '../ui/use-debounced-effect.ts';
import { zerosJson } from '../ui/zeros.ts';
import { TableForm } from '../try/TableForm.tsx';
import { formRowOf, instanceOf, type FormRow } from '../try/table-row.ts';

interface Props {
  staged: StagedModel;
  /** The input kind chosen in the form: the picture picker stays while the form has errors. */
  kind: SetupForm['kind'];
  /** The form's errors by field: the preview names them while it cannot run. */
  problems: FieldErrors;
  /** The set-up to try, or undefined while the form has errors. */
  setup?: ModelSetup;
  /** A table's columns as being edited: the row is typed in a form by column instead of as JSON. */
  columns?: readonly TableColumn[];
}

const exampleOf = (columns: readonly TableColumn[]): FormRow => formRowOf(columns, exampleRow(columns));

export function InputPreview({ staged, kind, problems, setup, columns }: Props) {
  const [picture, setPicture] = useState<Uint8Array<ArrayBuffer> | undefined>();
  const notebook = staged.notebook;
  // A table model is tried on one row by column name, its columns' examples to start from.
  const [instanceText, setInstanceText] = useState(() =>
    notebook ? JSON.stringify(exampleRow(notebook.columns), null, 2) : zerosJson(staged.inputs[0]?.shape ?? []),
  );
  const [row, setRow] = useState<FormRow>(() => exampleOf(columns ?? []));
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isImage = kind === 'image';

  useDebouncedEffect(
    () => {
      if (!setup) return;
      let instance: unknown;
      if (columns) instance = instanceOf(columns, row);
      else if (!isImage) {
        try {
          instance = JSON.parse(instanceText);
        } catch {
          setError(`${notebook ? 'Row' : 'Instance'} (JSON): this is not valid JSON.`);
          return;
        }
      } else if (!picture) return;
      let stale = false;
      api.previewInput({ stagedId: staged.stagedId, setup, ...(isImage ? { picture } : { instance }) }).then(
        (answer) => {
          if (stale) return;
          setPreview(answer);
          setError(null);
        },
        (e) => !stale && setError(messageOf(e)),
      );
      return () => {
        stale = true;
      };
    },
    [JSON.stringify(setup), picture, instanceText, JSON.stringify(row)],
    300,
  );

  return (
    <section className="preview-panel" aria-labelledby="preview-title">
      <h3 id="preview-title">Try it</h3>
      {!setup && (
        <div className="muted">
          <p>Fix the form to see a preview:</p>
          <ul aria-label="What to fix">
            {Object.entries(problems).map(([field, message]) => (
              <li key={field}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {setup && isImage && !picture && <p className="muted">Draw a sample or pick a picture to see the exact tensor the model gets.</p>}
      {isImage ? (
        <div className="preview-inputs">
          <DrawingPad
            compact
            label="Preview drawing: draw a sample here"
            onDrawing={(png) => void blobBytes(png).then(setPicture)}
            onClear={() => {
              setPicture(undefined);
              setPreview(null);
            }}
          />
          <div className="field">
            <label htmlFor={fieldId('sample-picture')}>Sample picture (PNG or JPEG)</label>
            <input
              id={fieldId('sample-picture')}
              type="file"
              accept="image/png,image/jpeg"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void file.arrayBuffer().then((buffer) => setPicture(new Uint8Array(buffer)));
              }}
            />
          </div>
        </div>
      ) : columns ? (
        <form aria-label="Preview row" onSubmit={(event) => event.preventDefault()}>
          <TableForm columns={columns} row={row} onChange={setRow} idPrefix="preview-column">
            <div className="actions">
              <button type="button" onClick={() => setRow(exampleOf(columns))}>
                Example row
              </button>
            </div>
          </TableForm>
        </form>
      ) : (
        <div className="field wide">
          <label htmlFor={fieldId('instance')}>{notebook ? 'Row (JSON, by column name)' : 'Instance (JSON)'}</label>
          <textarea
            id={fieldId('instance')}
            className="mono"
            rows={6}
            value={instanceText}
            onChange={(event) => setInstanceText(event.target.value)}
          />
        </div>
      )}
      <Alert message={error} />
      {setup && preview && (
        <div className="preview-result" aria-live="polite">
          <dl className="facts">
            <dt>Tensor</dt>
            <dd className="mono">
              {preview.tensor.name} {preview.tensor.dtype} [{preview.tensor.shape.join(', ')}]
            </dd>
            {/* A table's category column is a string tensor: it has no numbers to sum up. */}
            {preview.tensor.dtype !== 'string' && (
              <>
                <dt>Min / max / mean</dt>
                <dd className="mono">
                  {preview.tensor.min.toFixed(4)} / {preview.tensor.max.toFixed(4)} / {preview.tensor.mean.toFixed(4)}
                </dd>
                <dt>First values</dt>
                <dd className="mono">{preview.tensor.head.map((v) => Number(v.toFixed(4))).join(', ')}</dd>
              </>
            )}
            <dt>Time</dt>
            <dd>{preview.ms.toFixed(0)} ms</dd>
          </dl>
          {preview.picture && <img className="model-view" src={preview.picture} alt="What the model sees" />}
          <TopK prediction={preview.prediction} />
        </div>
      )}
    </section>
  );
}
