/**
 * The "New model" wizard's state as one object and its transitions as one pure reducer over the named steps;
 * `nextMove` says what Next does on each step. No React here: the Wizard component dispatches and runs the calls.
 */
import type { ProjectSummary, RunningService, StagedModel } from '../../../main/shared/crane-api.ts';
import { formFromStaged, type SetupForm } from './setup-form.ts';
import { decisionAwaited, validateImageForm, validateSetupForm, type FieldErrors, type ImageForm } from './validate.ts';

/** The steps in their order, each with the title the step list shows. */
export const STEPS = [
  { name: 'drop', title: 'Drop' },
  { name: 'inspect', title: 'Inspect' },
  { name: 'setup', title: 'Input and output' },
  { name: 'image', title: 'Docker image' },
  { name: 'build', title: 'Build' },
  { name: 'run', title: 'Run' },
  { name: 'test', title: 'Test' },
] as const;

export type StepName = (typeof STEPS)[number]['name'];

const NAMES: readonly StepName[] = STEPS.map((step) => step.name);

/** Where a step stands in the list, from 0. */
export function stepIndex(step: StepName): number {
  return NAMES.indexOf(step);
}

export function isStepName(value: unknown): value is StepName {
  return NAMES.includes(value as StepName);
}

export function stepTitle(step: StepName): string {
  return STEPS[stepIndex(step)]!.title;
}

/** The step `offset` places from `step`, held within the list. */
export function stepFrom(step: StepName, offset: number): StepName {
  return NAMES[Math.max(0, Math.min(NAMES.length - 1, stepIndex(step) + offset))]!;
}

export const FIRST_STEP: StepName = 'drop';
export const LAST_STEP: StepName = 'test';

export interface WizardState {
  step: StepName;
  staged?: StagedModel;
  form?: SetupForm;
  project?: ProjectSummary;
  imageForm: ImageForm;
  service?: RunningService;
  /** What the last refused Next (or call) found, by field; the first one takes the focus. */
  errors: FieldErrors;
  /** Counts refusals, so each one moves the focus even when it finds the same fields. */
  refusals: number;
  /** The chosen folder holds a project CraneML wrote: the Setup step offers to replace it. */
  offerReplace: boolean;
  replace: boolean;
  /** Until the saved session is checked, nothing is saved over it. */
  resumed: boolean;
  /** Next was pressed while the core still checked the labels: it goes on once the answer is in the form. */
  awaitingDecision: boolean;
}

/** What a reload brings back (the saved session, checked against the core). */
export type ResumedSession = Pick<WizardState, 'step' | 'staged' | 'form' | 'project' | 'imageForm' | 'service'>;

export type WizardAction =
  | { type: 'resumed'; session?: ResumedSession }
  | { type: 'go'; to: StepName }
  | { type: 'refused'; errors: FieldErrors }
  /** The step's own checks passed; what the last refusal found is gone. */
  | { type: 'checked' }
  /** Next waits for the core's decision on the labels (nothing else was left to fix). */
  | { type: 'awaitDecision' }
  /** The core could not decide on the labels: nothing changes but a waiting Next, which stops waiting. */
  | { type: 'decisionFailed' }
  | { type: 'staged'; model: StagedModel }
  /** Files refused at the Drop step: the model staged before is no longer the one chosen. */
  | { type: 'stageRefused' }
  /** Fields the user or the core's decision changed, merged into the form as it is when the action lands. */
  | { type: 'formChanged'; patch: Partial<SetupForm> }
  | { type: 'replaceChanged'; replace: boolean }
  | { type: 'imageFormChanged'; form: ImageForm }
  /** The project was written from the Setup step: on to the Image step with its default tag. */
  | { type: 'projectWritten'; project: ProjectSummary }
  /** The folder holds a project CraneML wrote: offer to replace it, with the core's words. */
  | { type: 'projectExists'; message: string }
  /** A saved project reopened instead of a new model: on at its Image step. */
  | { type: 'projectOpened'; project: ProjectSummary }
  | { type: 'serviceStarted'; service: RunningService }
  | { type: 'serviceGone' }
  /** Back to the first step with nothing chosen. */
  | { type: 'startOver' };

const EMPTY_IMAGE_FORM: ImageForm = { tag: '', baseImage: '', port: '8080', cpus: '', memoryMb: '' };

/** A fresh wizard, or one continuing from the project the app was started with (at its Image step, nothing to resume). */
export function initialWizardState(project?: ProjectSummary): WizardState {
  return {
    step: project ? 'image' : FIRST_STEP,
    project,
    imageForm: { ...EMPTY_IMAGE_FORM, tag: project?.defaultTag ?? '' },
    errors: {},
    refusals: 0,
    offerReplace: false,
    replace: false,
    resumed: project !== undefined,
    awaitingDecision: false,
  };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  const next = transition(state, action);
  // Only the core's answer keeps a Next waiting: anything else (a field typed, a refusal, another step) lets it go.
  const keepsWaiting = action.type === 'awaitDecision' || (action.type === 'formChanged' && action.patch.decision !== undefined);
  return next.awaitingDecision && !keepsWaiting ? { ...next, awaitingDecision: false } : next;
}

function transition(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'resumed': {
      // A saved session read after the user has already staged a model comes too late: their work wins.
      if (!action.session || state.staged) return { ...state, resumed: true };
      const { step, staged, form, project, imageForm, service } = action.session;
      return { ...state, step, staged, form, project, imageForm, service, resumed: true };
    }
    case 'go':
      return { ...state, step: action.to, errors: {} };
    case 'refused':
      return { ...state, errors: action.errors, refusals: state.refusals + 1 };
    case 'checked':
      return { ...state, errors: {} };
    case 'awaitDecision':
      return { ...state, errors: {}, awaitingDecision: true };
    case 'decisionFailed':
      return state;
    case 'staged':
      return {
        ...state,
        staged: action.model,
        form: formFromStaged(action.model),
        project: undefined,
        offerReplace: false,
        replace: false,
        errors: {},
      };
    case 'stageRefused':
      return { ...state, staged: undefined, form: undefined, project: undefined };
    case 'formChanged':
      return state.form ? { ...state, form: { ...state.form, ...action.patch } } : state;
    case 'replaceChanged':
      return { ...state, replace: action.replace };
    case 'imageFormChanged':
      return { ...state, imageForm: action.form };
    case 'projectWritten':
      return {
        ...state,
        project: action.project,
        imageForm: { ...state.imageForm, tag: action.project.defaultTag },
        step: 'image',
        errors: {},
      };
    case 'projectExists':
      return { ...state, offerReplace: true, errors: { replace: action.message }, refusals: state.refusals + 1 };
    case 'projectOpened':
      return {
        ...state,
        staged: undefined,
        form: undefined,
        project: action.project,
        imageForm: { ...state.imageForm, tag: action.project.defaultTag },
        service: undefined,
        step: 'image',
        errors: {},
      };
    case 'serviceStarted':
      return { ...state, service: action.service };
    case 'serviceGone':
      return { ...state, service: undefined };
    case 'startOver':
      return {
        ...state,
        staged: undefined,
        form: undefined,
        project: undefined,
        imageForm: { ...state.imageForm, tag: '' },
        service: undefined,
        offerReplace: false,
        replace: false,
        step: FIRST_STEP,
        errors: {},
      };
  }
}

/** What pressing Next does: refuse with what to fix, move on, or make a call first (the component runs it). */
export type NextMove =
  | { kind: 'refuse'; errors: FieldErrors }
  | { kind: 'go'; to: StepName }
  /** Write the project from the form (the Setup step checked it). */
  | { kind: 'writeProject'; staged: StagedModel; form: SetupForm }
  /** Only the core's decision on the labels is missing: wait for it, then Next again. */
  | { kind: 'awaitDecision' }
  /** Check the port is free before the build (the Image step checked its form). */
  | { kind: 'checkPort'; port: number };

export function nextMove(state: WizardState): NextMove {
  const { step, staged, form, project, service } = state;
  if (step === 'drop' && !staged)
    return refuse({ files: 'Model files: drop or pick the model files, or use the digits example, then press Next.' });
  if (step === 'setup') {
    if (!form || !staged) return refuse({ files: 'Go back to the first step and drop a model first.' });
    const found = validateSetupForm(form, staged.outputs);
    if (Object.keys(found).length === 0) return { kind: 'writeProject', staged, form };
    return decisionAwaited(form) && Object.keys(found).length === 1 ? { kind: 'awaitDecision' } : refuse(found);
  }
  if (step === 'image') {
    if (!project) return refuse({ project: 'Go back and write the project first (step 3).' });
    const found = validateImageForm(state.imageForm);
    return Object.keys(found).length > 0 ? refuse(found) : { kind: 'checkPort', port: Number(state.imageForm.port) };
  }
  if (step === 'run' && !service) return refuse({ run: 'Run the image first (press "Run"), then Next.' });
  return { kind: 'go', to: stepFrom(step, 1) };
}

function refuse(errors: FieldErrors): NextMove {
  return { kind: 'refuse', errors };
}

/** What each step needs from the ones before it, for a reload to come back to the last step that still holds. */
export function lastStepThatHolds(
  saved: StepName,
  have: { staged: boolean; project: boolean; built: boolean; service: boolean },
): StepName {
  let step = saved;
  if (step === 'test' && !have.service) step = 'run';
  if (step === 'run' && !have.built) step = 'build';
  if ((step === 'image' || step === 'build') && !have.project) step = 'setup';
  if (stepIndex(step) <= stepIndex('setup') && !have.staged) step = FIRST_STEP;
  return step;
}
