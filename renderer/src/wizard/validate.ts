/** The wizard's checks, as pure functions: each returns the fields in error with what to do about them. */
import { imageNameProblem, parseImageTag } from '../../../main/shared/docker-names.ts';
import { MAX_IMAGE_SIDE, MAX_TOP_K, MODEL_NAME, MODEL_VERSION } from '../../../main/shared/manifest-rules.ts';
import type { TensorSpec } from '../../../main/shared/manifest-schema.ts';
import { MAX_PORT, MIN_PORT, parsePort } from '../../../main/shared/port-rule.ts';
import { isCpuCount, MAX_MEMORY_MB, MIN_MEMORY_MB } from '../../../main/shared/resource-limits.ts';
import { decisionIsCurrent, parseLabels, parseNumberList, type SetupForm } from './setup-form.ts';

/** Field id -> what to do; empty when the step is fine. Order is the form's order (the first gets focus). */
export type FieldErrors = Record<string, string>;

export function validateName(name: string): string | undefined {
  if (!MODEL_NAME.test(name.trim()))
    return 'Model name: use lowercase letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit, e.g. digits.';
  return undefined;
}

export function validateVersion(version: string): string | undefined {
  if (!MODEL_VERSION.test(version.trim())) return 'Version: use a version like 1.0.0 (letters, digits, ".", "_", "+" or "-").';
  return undefined;
}

/** An integer in [min, max], or the message saying so. */
export function validateInteger(label: string, text: string, min: number, max: number): string | undefined {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
    return `${label}: enter a whole number from ${min} to ${max}.`;
  return undefined;
}

/** A port field (shared/port-rule.ts), in the app's words. */
export function validatePort(text: string): string | undefined {
  return parsePort(text) === undefined ? `Port: enter a whole number from ${MIN_PORT} to ${MAX_PORT}.` : undefined;
}

/** Checks "name:tag" with Docker's grammar (shared/docker-names.ts): a lowercase repository, and a tag. */
export function validateDockerTag(ref: string): string | undefined {
  const text = ref.trim();
  const parsed = parseImageTag(text);
  if (parsed.ok && parsed.value.tag !== undefined) return undefined;
  const colon = text.lastIndexOf(':');
  if (text === '' || colon <= text.lastIndexOf('/')) return 'Image name and tag: enter a name and tag like digits:1.0.0.';
  if (!parseImageTag(`digits${text.slice(colon)}`).ok)
    return 'Image name and tag: the tag after ":" may hold letters, digits, ".", "_" or "-" (at most 128).';
  return 'Image name and tag: the name must be lowercase letters, digits, ".", "_" or "-" (no capitals or spaces), e.g. digits:1.0.0.';
}

/** The form's field that each part of the core's decision belongs to. */
const DECISION_FIELDS = { labels: ['labels', 'Labels'], output: ['scoreOutput', 'Score output'], softmax: ['softmax', 'Softmax'] } as const;

/** Whether the core's decision checks this form's labels: not for a model whose file fixes its classes (a notebook or Python model) or a regressor. */
function checkedByDecision(form: SetupForm): boolean {
  return !form.table && !form.python && !form.regression;
}

/** Whether the labels given wait for the core's decision on them (asked whenever they or the output controls change). */
export function decisionAwaited(form: SetupForm): boolean {
  return checkedByDecision(form) && parseLabels(form.labels).length > 0 && !decisionIsCurrent(form);
}

/**
 * The labels checked against the core's decision (api.decideSetup): its problem at the field it names, or
 * the class count. A model whose file fixes its classes (a notebook or Python model) is not decided here.
 */
export function decisionErrors(form: SetupForm): FieldErrors {
  if (!checkedByDecision(form)) return {};
  if (decisionAwaited(form))
    return { labels: "Labels: they are still being checked against the model's outputs; Next goes on once they are." };
  const labels = parseLabels(form.labels);
  const { decision } = form;
  if (!decision || !decisionIsCurrent(form)) return {};
  if (decision.problem) {
    const [field, label] = DECISION_FIELDS[decision.problem.field];
    const message = decision.problem.message;
    return { [field]: message.startsWith(`${label}:`) ? message : `${label}: ${message}` };
  }
  const classes = decision.classes;
  if (classes !== undefined && labels.length > 0 && labels.length !== classes)
    return { labels: `Labels: the model scores ${classes} classes, so give ${classes} labels (one per line); you gave ${labels.length}.` };
  return {};
}

function validateChannelList(label: string, text: string, channels: number, nonZero: boolean): string | undefined {
  const values = parseNumberList(text);
  if (!values) return undefined;
  if (values.some((v) => !Number.isFinite(v))) return `${label}: enter numbers separated by commas, e.g. 0.5 or 0.485, 0.456, 0.406.`;
  if (values.length !== 1 && values.length !== channels) {
    const want = channels === 1 ? '1 value (the input has 1 channel)' : `1 value or ${channels} values (one per channel)`;
    return `${label}: give ${want}; you gave ${values.length}.`;
  }
  if (nonZero && values.some((v) => v === 0)) return `${label}: a standard deviation must not be 0.`;
  return undefined;
}

/**
 * The Input-and-output step (with the model's name, version and project folder). The outputs are the
 * model's, kept for callers; the class count comes from the core's decision the form holds.
 */
/** A bound typed for a column must be a number; whether it fits the column is the core's rule (column-edits.ts). */
function columnEditErrors(form: SetupForm): FieldErrors {
  const errors: FieldErrors = {};
  (form.table?.columns ?? []).forEach(({ name }, index) => {
    const edit = form.columnEdits?.[name] ?? {};
    for (const [bound, words] of [
      ['minimum', 'lowest value'],
      ['maximum', 'highest value'],
    ] as const) {
      const text = edit[bound]?.trim();
      if (text && !Number.isFinite(Number(text))) errors[columnEditField(index, bound)] = `Column ${name}: the ${words} must be a number.`;
    }
  });
  return errors;
}

/** The field name of a column's edit (by the column's place: a name may hold any character), for its input's id and its error. */
export function columnEditField(index: number, fact: string): string {
  return `column-${fact}-${index}`;
}

export function validateSetupForm(form: SetupForm, _outputs: readonly TensorSpec[] = []): FieldErrors {
  const errors: FieldErrors = {};
  const put = (field: string, message: string | undefined) => {
    if (message) errors[field] = message;
  };
  put('name', validateName(form.name));
  put('version', validateVersion(form.version));
  if (form.dir.trim() === '') errors.dir = 'Project folder: enter the folder to write the project to.';
  if (form.kind === 'image') {
    put('width', validateInteger('Width', form.width, 1, MAX_IMAGE_SIDE));
    put('height', validateInteger('Height', form.height, 1, MAX_IMAGE_SIDE));
    const scale = Number(form.scale);
    if (form.scale.trim() === '' || !Number.isFinite(scale) || scale <= 0)
      errors.scale = 'Scale: enter a positive number, e.g. 0.00392 (1/255).';
    const channels = Number(form.channels);
    put('mean', validateChannelList('Mean', form.mean, channels, false));
    put('std', validateChannelList('Std', form.std, channels, true));
    if (form.center === 'mnist' && channels !== 1)
      errors.center = 'Centring: MNIST centring needs 1 channel; choose 1 channel or no centring.';
  }
  Object.assign(errors, columnEditErrors(form));
  Object.assign(errors, decisionErrors(form));
  put('topK', validateInteger('Top-k', form.topK, 1, MAX_TOP_K));
  return errors;
}

export interface ImageForm {
  tag: string;
  baseImage: string;
  port: string;
  cpus: string;
  memoryMb: string;
}

/** The Image step: tag, base image, port and limits. */
export function validateImageForm(form: ImageForm): FieldErrors {
  const errors: FieldErrors = {};
  const tag = validateDockerTag(form.tag);
  if (tag) errors.tag = tag;
  if (form.baseImage.trim() !== '' && imageNameProblem(form.baseImage.trim()))
    errors.baseImage = 'Base image: enter an image reference like node:22-slim, or leave it empty for the default.';
  const port = validatePort(form.port);
  if (port) errors.port = port;
  if (form.cpus.trim() !== '') {
    if (!isCpuCount(Number(form.cpus))) errors.cpus = 'CPU limit: enter a positive number of CPUs like 1 or 0.5, or leave it empty.';
  }
  if (form.memoryMb.trim() !== '') {
    const memory = validateInteger('Memory limit', form.memoryMb, MIN_MEMORY_MB, MAX_MEMORY_MB);
    if (memory) errors.memoryMb = `${memory.replace(/\.$/, '')} (MB), or leave it empty.`;
  }
  return errors;
}
