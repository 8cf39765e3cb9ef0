/** The Input-and-output step's form, as strings the user edits, and its conversion to and from a ModelSetup. */
import type { ModelSetup, SetupDecision, StagedModel } from '../../../main/shared/crane-api.ts';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import type { TableCodec } from '../../../main/shared/manifest-schema.ts';

/** What the user typed for the facts the model leaves open of one column (main/shared/column-edit-rule.ts). */
export interface ColumnEdit {
  description?: string;
  minimum?: string;
  maximum?: string;
  /** Categories, comma-separated. */
  values?: string;
}

export interface SetupForm {
  name: string;
  version: string;
  dir: string;
  kind: 'image' | 'tensor' | 'table' | 'rows';
  /** A model the Python runtime serves: its code or file fixes its input (columns, or rows as sent). */
  python?: boolean;
  /** A table model's columns, as the model knows them (a table stays a table); the user's additions are in `columnEdits`. */
  table?: TableCodec;
  /** By column name: what the user filled in where the model knows nothing (the core checks it again). */
  columnEdits?: Record<string, ColumnEdit>;
  /** server.page: the try-it page at the image's address (absent in a form saved before the checkbox: on). */
  page?: boolean;
  /** A table model that answers a number per row: no labels, softmax or top-k. */
  regression?: boolean;
  width: string;
  height: string;
  channels: '1' | '3' | '4';
  layout: 'NCHW' | 'NHWC';
  scale: string;
  mean: string;
  std: string;
  invert: 'no' | 'yes' | 'auto';
  center: 'none' | 'mnist';
  fit: 'fill' | 'contain' | 'crop';
  kernel: 'lanczos3' | 'bilinear' | 'nearest';
  background: string;
  tensor?: string;
  labels: string;
  /** Softmax of a model whose output is fixed by its file (a notebook model's probabilities: off). */
  softmax: boolean;
  topK: string;
  /** The top-k typed by the user: the decision's top-k no longer replaces it. */
  topKEdited?: boolean;
  /** The score output fixed by the model's file (a notebook model's); a decided model's is in `decision`. */
  output?: string;
  /** The Score output control: '' lets the core decide, else the output the user chose. */
  scoreOutput: string;
  /** The Softmax control: the core decides (auto), or the user says on or off. */
  softmaxMode: 'auto' | 'on' | 'off';
  /** The core's set-up decision for these labels and controls (api.decideSetup), once it answered. */
  decision?: SetupDecision;
}

/** The user's overrides the decision was asked with, from the form's controls. */
export function decisionOverrides(form: Pick<SetupForm, 'scoreOutput' | 'softmaxMode'>): { output?: string; softmax?: boolean } {
  return {
    // A form saved before these controls existed (a reloaded wizard) has neither: the core decides.
    ...(form.scoreOutput ? { output: form.scoreOutput } : {}),
    ...(form.softmaxMode === 'on' || form.softmaxMode === 'off' ? { softmax: form.softmaxMode === 'on' } : {}),
  };
}

/** Whether the form's decision was made for its labels and controls as they are now. */
export function decisionIsCurrent(form: SetupForm): boolean {
  const { decision } = form;
  if (!decision) return false;
  const want = decisionOverrides(form);
  return (
    decision.labels === parseLabels(form.labels).length && decision.given.output === want.output && decision.given.softmax === want.softmax
  );
}

/** "0.5, 0.25" -> [0.5, 0.25]; "" -> undefined; anything not a number -> NaN in its place. */
export function parseNumberList(text: string): number[] | undefined {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.map((part) => Number(part));
}

/** The labels textarea: one per line, blank lines dropped. */
export function parseLabels(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Labels from a file: a JSON array of strings, else one per line. */
export function labelsFromFileText(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map((item) => String(item));
    } catch {
      // Not JSON after all: read it as lines.
    }
  }
  return parseLabels(text);
}

export function formFromSetup(setup: ModelSetup, dir: string): SetupForm {
  const input = setup.input;
  const image = input.kind === 'image' ? input : undefined;
  return {
    name: setup.name,
    version: setup.version,
    dir,
    kind: input.kind,
    table: input.kind === 'table' ? input : undefined,
    width: String(image?.width ?? 28),
    height: String(image?.height ?? 28),
    channels: String(image?.channels ?? 1) as SetupForm['channels'],
    layout: image?.layout ?? 'NCHW',
    scale: String(image?.scale ?? 1 / 255),
    mean: image?.mean?.join(', ') ?? '',
    std: image?.std?.join(', ') ?? '',
    invert: image?.invert === 'auto' ? 'auto' : image?.invert ? 'yes' : 'no',
    center: image?.center ?? 'none',
    fit: image?.fit ?? 'fill',
    kernel: image?.kernel ?? 'lanczos3',
    background: image?.background ?? '#ffffff',
    tensor: image?.tensor,
    labels: (setup.labels ?? []).join('\n'),
    page: setup.server?.page ?? true,
    softmax: setup.postprocess.softmax,
    topK: String(setup.postprocess.top_k),
    output: setup.postprocess.output,
    scoreOutput: '',
    softmaxMode: 'auto',
  };
}

/**
 * The form for a staged model. A notebook model's is a table of its columns whatever the proposed set-up
 * says, labelled with its classes, scored from its score output as probabilities (no softmax).
 */
export function formFromStaged(staged: StagedModel): SetupForm {
  const form = formFromSetup(staged.setup, staged.suggestedDir);
  if (staged.python) return pythonForm(form, staged.python);
  const notebook = staged.notebook;
  if (!notebook) return form;
  return {
    ...form,
    kind: 'table',
    table: { kind: 'table', columns: notebook.columns },
    regression: notebook.task === 'regression',
    labels: (notebook.classes ?? []).join('\n'),
    softmax: false,
    topK: String(Math.max(1, Math.min(3, notebook.classes?.length ?? 1))),
    output: notebook.scoreOutput,
  };
}

/**
 * The form for a model the Python runtime serves: the input its code or file declares, as the core
 * proposed it; a notebook classifier labelled with its classes (probabilities, no softmax).
 */
function pythonForm(form: SetupForm, python: NonNullable<StagedModel['python']>): SetupForm {
  const classes = python.task === 'classification' ? (python.classes ?? []) : [];
  return {
    ...form,
    python: true,
    regression: python.task === 'regression',
    labels: classes.length > 0 ? classes.join('\n') : form.labels,
    softmax: false,
    topK: classes.length > 0 ? String(Math.max(1, Math.min(3, classes.length))) : form.topK,
  };
}

/**
 * The postprocess section: a decided model's score output, softmax and why as the core decided them
 * for these labels; a model whose file fixes them (a notebook model's), as the form holds them.
 */
function postprocessOf(form: SetupForm, labels: string[]): ModelSetup['postprocess'] {
  const top_k = Number(form.topK);
  const { decision } = form;
  if (!decision || form.table || form.python) return { ...(form.output ? { output: form.output } : {}), softmax: form.softmax, top_k };
  if (labels.length === 0 || !decision.output) return { softmax: false, top_k };
  return { output: decision.output.name, softmax: decision.softmax, top_k, ...(decision.decided ? { decided: decision.decided } : {}) };
}

/** "a, b" -> ["a", "b"]: categories as typed, blanks dropped. */
export function parseCategories(text: string): string[] {
  return text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** A column with what the user filled in; a number that does not parse is left out (validate.ts names it). */
function editedColumn(column: TableColumn, edit: ColumnEdit | undefined): TableColumn {
  if (!edit) return column;
  const out: TableColumn = { ...column };
  const number = (text: string | undefined) => (text?.trim() ? Number(text) : undefined);
  if (edit.description?.trim()) out.description = edit.description.trim();
  const low = number(edit.minimum);
  const high = number(edit.maximum);
  if (low !== undefined && Number.isFinite(low)) out.minimum = low;
  if (high !== undefined && Number.isFinite(high)) out.maximum = high;
  const values = edit.values === undefined ? [] : parseCategories(edit.values);
  if (values.length > 0) out.values = values;
  return out;
}

/** The table's columns as the model knows them, with the user's additions. */
export function editedColumns(form: Pick<SetupForm, 'table' | 'columnEdits'>): TableColumn[] {
  return (form.table?.columns ?? []).map((column) => editedColumn(column, form.columnEdits?.[column.name]));
}

/** The ModelSetup this form describes; call it on a form that passed validation. */
export function setupFromForm(form: SetupForm): ModelSetup {
  const labels = form.regression ? [] : parseLabels(form.labels);
  const input: ModelSetup['input'] =
    form.kind === 'table' && form.table
      ? { ...form.table, columns: editedColumns(form) }
      : form.kind === 'rows'
        ? { kind: 'rows' }
        : form.kind !== 'image'
          ? { kind: 'tensor' }
          : {
              kind: 'image',
              ...(form.tensor ? { tensor: form.tensor } : {}),
              width: Number(form.width),
              height: Number(form.height),
              channels: Number(form.channels) as 1 | 3 | 4,
              layout: form.layout,
              scale: Number(form.scale),
              ...(parseNumberList(form.mean) ? { mean: parseNumberList(form.mean) } : {}),
              ...(parseNumberList(form.std) ? { std: parseNumberList(form.std) } : {}),
              invert: form.invert === 'auto' ? 'auto' : form.invert === 'yes',
              center: form.center,
              fit: form.fit,
              kernel: form.kernel,
              background: form.background,
            };
  return {
    name: form.name.trim(),
    version: form.version.trim(),
    input,
    ...(labels.length > 0 ? { labels } : {}),
    postprocess: postprocessOf(form, labels),
    server: { page: form.page !== false },
  };
}
