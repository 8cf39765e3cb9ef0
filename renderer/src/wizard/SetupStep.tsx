/**
 * Step 3: the model's name, version and project folder, how its input is encoded (a table model's
 * columns shown; a Python-runtime model's input as its code declares it) and its output read, with a live preview.
 */
import { useEffect } from 'react';
import type { StagedModel } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { TextField, fieldId } from '../ui/Field.tsx';
import { useAsyncAction } from '../ui/use-async-action.ts';
import { RegressionOutput, TableInput } from '../notebook/TableSetupFields.tsx';
import { CodeOutput, PreviewInContainer, RowsInput } from '../python/PythonSetupFields.tsx';
import { ImageCodecFields } from './ImageCodecFields.tsx';
import { InputPreview } from './InputPreview.tsx';
import { OutputFields } from './OutputFields.tsx';
import { editedColumns, formFromSetup, setupFromForm, type SetupForm } from './setup-form.ts';
import { useSetupDecision } from './use-setup-decision.ts';
import { decisionErrors, validateSetupForm, type FieldErrors } from './validate.ts';
import { fitsDigits } from '../../../main/shared/preset-fit.ts';
import { StepSection } from './StepSection.tsx';

const KINDS = [
  { kind: 'image', title: 'Image', hint: 'a picture is encoded into the input tensor' },
  { kind: 'tensor', title: 'Tensor', hint: 'clients send the numbers as JSON' },
] as const;

interface Props {
  staged?: StagedModel;
  form?: SetupForm;
  /** The fields changed: merged into the form as it is then, so an answer that arrives late keeps what was typed meanwhile. */
  onChange: (patch: Partial<SetupForm>) => void;
  errors: FieldErrors;
  /** Shown when the folder already holds a project. */
  offerReplace: boolean;
  replace: boolean;
  onReplace: (replace: boolean) => void;
  /** Next waits for the core's decision on the labels. */
  waitingForDecision: boolean;
  /** The core could not decide on the labels (its words show at the step): a Next waiting for it stops waiting. */
  onDecisionFailed: () => void;
}

export function SetupStep(props: Props) {
  if (!props.staged || !props.form) {
    return (
      <StepSection title="Input and output">
        <p>No model is staged: go back to the first step and drop one.</p>
      </StepSection>
    );
  }
  return <StagedSetup {...props} staged={props.staged} form={props.form} />;
}

function StagedSetup({
  staged,
  form,
  onChange: update,
  errors: refused,
  offerReplace,
  replace,
  onReplace,
  waitingForDecision,
  onDecisionFailed,
}: Props & { staged: StagedModel; form: SetupForm }) {
  const { busy: presetBusy, error: presetError, run } = useAsyncAction();
  const decisionError = useSetupDecision(staged, form, update);
  // Also when Next is pressed again after the failure: no answer is coming until the labels change.
  useEffect(() => {
    if (decisionError && waitingForDecision) onDecisionFailed();
  }, [decisionError, waitingForDecision]);
  // What the core's decision says about the labels, score output and softmax shows at its field at once.
  const errors = { ...decisionErrors(form), ...refused };
  const usePreset = () =>
    run(async () => {
      const setup = await api.presetSetup({ stagedId: staged.stagedId, preset: 'digits' });
      const preset: Partial<SetupForm> = formFromSetup(setup, form.dir);
      // The folder, the core's decision and the page stay as they are when the preset arrives.
      delete preset.dir;
      delete preset.decision;
      delete preset.page;
      update(preset);
    });
  const problems = validateSetupForm(form, staged.outputs);
  const table = form.kind === 'table' ? form.table : undefined;
  // A model the Python runtime serves takes the input its code or file declares: no codec, no preset;
  // the preset is offered only where its 28x28 one-channel drawing fits the model's input.
  const fixedInput = table !== undefined || form.kind === 'rows';
  const classifier = !form.python || staged.python?.task === 'classification';

  return (
    <StepSection title="Input and output">
      {!fixedInput && staged.inputs[0] && fitsDigits(staged.inputs[0]) && (
        <p>
          <button type="button" disabled={presetBusy} onClick={() => void usePreset()}>
            Use the digits preset
          </button>
        </p>
      )}
      <Alert message={presetError} />
      <fieldset className="grid">
        <legend>Project</legend>
        <TextField
          name="name"
          label="Model name"
          value={form.name}
          error={errors.name}
          hint="Lowercase, e.g. digits."
          onChange={(name) => update({ name })}
        />
        <TextField name="version" label="Version" value={form.version} error={errors.version} onChange={(version) => update({ version })} />
        <TextField name="dir" label="Project folder" wide value={form.dir} error={errors.dir} onChange={(dir) => update({ dir })} />
        {offerReplace && (
          <div className="field checkbox wide">
            <input id={fieldId('replace')} type="checkbox" checked={replace} onChange={(event) => onReplace(event.target.checked)} />
            <label htmlFor={fieldId('replace')}>Replace the project in this folder</label>
          </div>
        )}
      </fieldset>
      {table ? (
        <TableInput
          columns={table.columns}
          edits={form.columnEdits ?? {}}
          onEdit={(name, edit) => update({ columnEdits: { ...form.columnEdits, [name]: edit } })}
          errors={errors}
        />
      ) : form.kind === 'rows' ? (
        <RowsInput />
      ) : (
        <fieldset className="radios">
          <legend>Input kind</legend>
          {KINDS.map(({ kind, title, hint }) => (
            <div key={kind} className="radio">
              <input
                id={fieldId(`kind-${kind}`)}
                type="radio"
                name="input-kind"
                value={kind}
                checked={form.kind === kind}
                aria-describedby={`${fieldId(`kind-${kind}`)}-hint`}
                onChange={() => update({ kind })}
              />
              <label htmlFor={fieldId(`kind-${kind}`)}>{title}</label>{' '}
              <span className="hint" id={`${fieldId(`kind-${kind}`)}-hint`}>
                {hint}
              </span>
            </div>
          ))}
        </fieldset>
      )}
      {form.kind === 'image' && <ImageCodecFields form={form} errors={errors} update={update} />}
      {form.regression ? (
        <RegressionOutput />
      ) : !classifier ? (
        <CodeOutput />
      ) : (
        <OutputFields form={form} errors={errors} update={update} fromClasses={table !== undefined} />
      )}
      <Alert message={decisionError} />
      <fieldset>
        <legend>At the image&apos;s address</legend>
        <div className="field checkbox wide">
          <input
            id={fieldId('page')}
            type="checkbox"
            checked={form.page !== false}
            aria-describedby={`${fieldId('page')}-hint`}
            onChange={(event) => update({ page: event.target.checked })}
          />
          <label htmlFor={fieldId('page')}>Try-it page at the image&apos;s address</label>
        </div>
        <p className="hint" id={`${fieldId('page')}-hint`}>
          Anyone you send the address to can make predictions in a browser, with the API key when the image has one. Untick for the API
          only.
        </p>
      </fieldset>
      {form.python ? (
        <PreviewInContainer />
      ) : (
        <InputPreview
          staged={staged}
          kind={form.kind}
          problems={problems}
          setup={Object.keys(problems).length === 0 ? setupFromForm(form) : undefined}
          columns={table ? editedColumns(form) : undefined}
        />
      )}
    </StepSection>
  );
}
