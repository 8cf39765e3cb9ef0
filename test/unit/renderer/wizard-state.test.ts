/**
 * The wizard's state machine without a browser: the reducer's transitions over the named steps, what Next
 * does on each step, and the step a reload comes back to.
 */
import { describe, expect, it } from 'vitest';
import type { ModelSetup, ProjectSummary, RunningService, SetupDecision } from '../../../main/shared/crane-api.ts';
import {
  initialWizardState,
  lastStepThatHolds,
  nextMove,
  STEPS,
  stepFrom,
  stepTitle,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../../renderer/src/wizard/wizard-state.ts';
import { stagedModel } from '../../renderer/harness/staged-model.ts';

const TINY_SETUP: ModelSetup = { name: 'tiny', version: '1.0.0', input: { kind: 'tensor' }, postprocess: { softmax: false, top_k: 1 } };
// The reducer reads a staged model's setup and suggested folder; its files can stay the digits model's.
const STAGED = stagedModel({ setup: TINY_SETUP, suggestedDir: '/home/me/CraneML/tiny' });

const PROJECT: ProjectSummary = {
  dir: '/home/me/CraneML/tiny',
  name: 'tiny',
  version: '1.0.0',
  format: 'onnx',
  inputKind: 'tensor',
  labels: 0,
  defaultTag: 'tiny:1.0.0',
};

const SERVICE: RunningService = {
  container: 'c1',
  name: 'tiny-run',
  image: 'tiny:1.0.0',
  url: 'http://127.0.0.1:8080',
  docsUrl: 'http://127.0.0.1:8080/docs',
  ready: true,
  inputKind: 'tensor',
  snippets: { curl: '', python: '', javascript: '' },
  readyMs: 900,
};

const run = (state: WizardState, ...actions: WizardAction[]) => actions.reduce(wizardReducer, state);

/** The core's answer for `labels` labels on a two-class output, asked with no overrides. */
function decisionFor(labels: number): SetupDecision {
  const output = { name: 'scores', dtype: 'float32' as const, shape: [-1, 2], classAxis: 1, classes: 2 };
  return { labels, given: {}, outputs: [output], output, classes: 2, softmax: false, softmaxWhy: 'scores', softmaxBy: 'probe', topK: 2 };
}

describe('wizard steps', () => {
  it('lists the seven steps in order with the titles the step list shows', () => {
    expect(STEPS.map((step) => step.title)).toEqual(['Drop', 'Inspect', 'Input and output', 'Docker image', 'Build', 'Run', 'Test']);
    expect(stepTitle('image')).toBe('Docker image');
  });

  it('moves one step at a time and stops at either end', () => {
    expect(stepFrom('setup', 1)).toBe('image');
    expect(stepFrom('setup', -1)).toBe('inspect');
    expect(stepFrom('drop', -1)).toBe('drop');
    expect(stepFrom('test', 1)).toBe('test');
  });
});

describe('wizard reducer', () => {
  it('starts at Drop, or at the Image step with the tag of the project the app was started with', () => {
    expect(initialWizardState()).toMatchObject({ step: 'drop', resumed: false, imageForm: { tag: '', port: '8080' } });
    expect(initialWizardState(PROJECT)).toMatchObject({ step: 'image', project: PROJECT, resumed: true, imageForm: { tag: 'tiny:1.0.0' } });
  });

  it('takes a staged model with its proposed form and forgets the project and the replace offer', () => {
    const before = { ...initialWizardState(), project: PROJECT, offerReplace: true, replace: true, errors: { files: 'x' } };
    const state = wizardReducer(before, { type: 'staged', model: STAGED });
    expect(state).toMatchObject({ staged: STAGED, project: undefined, offerReplace: false, replace: false, errors: {} });
    expect(state.form).toMatchObject({ name: 'tiny', version: '1.0.0', dir: '/home/me/CraneML/tiny', kind: 'tensor' });
    expect(state.step).toBe('drop');
  });

  it('forgets the staged model, its form and its project when the next files are refused', () => {
    const written = run(initialWizardState(), { type: 'staged', model: STAGED }, { type: 'projectWritten', project: PROJECT });
    const state = wizardReducer({ ...written, step: 'drop' }, { type: 'stageRefused' });
    expect(state).toMatchObject({ step: 'drop', staged: undefined, form: undefined, project: undefined });
  });

  it('clears what a refusal found when it moves, and counts each refusal', () => {
    const refused = run(initialWizardState(), { type: 'refused', errors: { files: 'a' } }, { type: 'refused', errors: { files: 'a' } });
    expect(refused).toMatchObject({ errors: { files: 'a' }, refusals: 2 });
    expect(wizardReducer(refused, { type: 'go', to: 'inspect' })).toMatchObject({ step: 'inspect', errors: {}, refusals: 2 });
  });

  it('goes on to the Image step with the project default tag once the project is written', () => {
    const state = run(initialWizardState(), { type: 'staged', model: STAGED }, { type: 'go', to: 'setup' });
    const written = wizardReducer({ ...state, errors: { dir: 'x' } }, { type: 'projectWritten', project: PROJECT });
    expect(written).toMatchObject({ step: 'image', project: PROJECT, staged: STAGED, errors: {}, imageForm: { tag: 'tiny:1.0.0' } });
  });

  it('keeps every field changed from the same form: a folder typed and a decision that arrived meanwhile', () => {
    const state = run(initialWizardState(), { type: 'staged', model: STAGED }, { type: 'go', to: 'setup' });
    // Both changes were made from the form as it was before either landed (a typed folder, then the core's answer).
    const changed = run(state, { type: 'formChanged', patch: { dir: '/home/me/typed' } }, { type: 'formChanged', patch: { topK: '2' } });
    expect(changed.form).toMatchObject({ dir: '/home/me/typed', topK: '2', name: state.form!.name });
  });

  it('offers to replace a project CraneML wrote, with the core words at the Replace field', () => {
    const state = wizardReducer(
      { ...initialWizardState(), step: 'setup' },
      { type: 'projectExists', message: 'Project folder: holds one' },
    );
    expect(state).toMatchObject({ step: 'setup', offerReplace: true, errors: { replace: 'Project folder: holds one' }, refusals: 1 });
  });

  it('opens a saved project at the Image step with nothing staged and no container', () => {
    const state = run(initialWizardState(), { type: 'staged', model: STAGED }, { type: 'serviceStarted', service: SERVICE });
    expect(wizardReducer(state, { type: 'projectOpened', project: PROJECT })).toMatchObject({
      step: 'image',
      staged: undefined,
      form: undefined,
      service: undefined,
      project: PROJECT,
      imageForm: { tag: 'tiny:1.0.0' },
    });
  });

  it('starts over at Drop with nothing chosen, keeping the port typed', () => {
    const state: WizardState = {
      ...initialWizardState(PROJECT),
      step: 'run',
      staged: STAGED,
      service: SERVICE,
      offerReplace: true,
      replace: true,
      imageForm: { tag: 'tiny:1.0.0', baseImage: '', port: '9000', cpus: '', memoryMb: '' },
    };
    expect(wizardReducer(state, { type: 'startOver' })).toMatchObject({
      step: 'drop',
      staged: undefined,
      form: undefined,
      project: undefined,
      service: undefined,
      offerReplace: false,
      replace: false,
      imageForm: { tag: '', port: '9000' },
    });
  });

  it('takes up a resumed session, and only marks the session checked when there was none', () => {
    const session = { step: 'build' as const, project: PROJECT, imageForm: { ...initialWizardState().imageForm, tag: 'tiny:2' } };
    expect(wizardReducer(initialWizardState(), { type: 'resumed', session })).toMatchObject({ ...session, resumed: true });
    expect(wizardReducer(initialWizardState(), { type: 'resumed' })).toMatchObject({ step: 'drop', resumed: true });
    const working = run(initialWizardState(), { type: 'staged', model: STAGED }, { type: 'go', to: 'setup' });
    expect(wizardReducer(working, { type: 'resumed', session })).toMatchObject({ step: 'setup', staged: STAGED, resumed: true });
  });
});

describe('Next on each step', () => {
  const staged = wizardReducer(initialWizardState(), { type: 'staged', model: STAGED });

  it('refuses Drop without a model, and goes to Inspect with one', () => {
    expect(nextMove(initialWizardState())).toEqual({
      kind: 'refuse',
      errors: { files: 'Model files: drop or pick the model files, or use the digits example, then press Next.' },
    });
    expect(nextMove(staged)).toEqual({ kind: 'go', to: 'inspect' });
  });

  it('writes the project from a valid Setup form, and refuses one with a field in error', () => {
    const setup = { ...staged, step: 'setup' as const };
    expect(nextMove(setup)).toEqual({ kind: 'writeProject', staged: STAGED, form: staged.form });
    expect(nextMove({ ...setup, form: { ...staged.form!, name: 'Not Valid' } })).toMatchObject({
      kind: 'refuse',
      errors: { name: expect.any(String) },
    });
  });

  it('waits for the core to check the labels when nothing else is left to fix, and refuses with both otherwise', () => {
    const setup = { ...staged, step: 'setup' as const, form: { ...staged.form!, labels: 'cat\ndog' } };
    expect(nextMove(setup)).toEqual({ kind: 'awaitDecision' });
    expect(nextMove({ ...setup, form: { ...setup.form, name: 'Not Valid' } })).toMatchObject({
      kind: 'refuse',
      errors: { name: expect.any(String), labels: expect.stringMatching(/still being checked/) },
    });
    const decided = { ...setup, form: { ...setup.form, decision: decisionFor(2) } };
    expect(nextMove(decided)).toEqual({ kind: 'writeProject', staged: STAGED, form: decided.form });
  });

  it("keeps a waiting Next through the core's answer, and lets it go on anything else", () => {
    const setup = run(staged, { type: 'go', to: 'setup' }, { type: 'awaitDecision' });
    expect(setup.awaitingDecision).toBe(true);
    expect(run(setup, { type: 'formChanged', patch: { decision: decisionFor(2), topK: '2' } }).awaitingDecision).toBe(true);
    expect(run(setup, { type: 'formChanged', patch: { labels: 'cat' } }).awaitingDecision).toBe(false);
    expect(run(setup, { type: 'refused', errors: { labels: 'x' } }).awaitingDecision).toBe(false);
    expect(run(setup, { type: 'go', to: 'inspect' }).awaitingDecision).toBe(false);
    expect(run(setup, { type: 'decisionFailed' })).toEqual({ ...setup, awaitingDecision: false });
  });

  it('checks the port before the build, once the project is written and the Image form holds', () => {
    const image = wizardReducer(staged, { type: 'projectWritten', project: PROJECT });
    expect(nextMove(image)).toEqual({ kind: 'checkPort', port: 8080 });
    expect(nextMove({ ...image, project: undefined })).toEqual({
      kind: 'refuse',
      errors: { project: 'Go back and write the project first (step 3).' },
    });
    expect(nextMove({ ...image, imageForm: { ...image.imageForm, port: '70000' } })).toMatchObject({
      kind: 'refuse',
      errors: { port: expect.any(String) },
    });
  });

  it('refuses Run until a container runs, then goes to Test', () => {
    const running = { ...staged, step: 'run' as const };
    expect(nextMove(running)).toEqual({ kind: 'refuse', errors: { run: 'Run the image first (press "Run"), then Next.' } });
    expect(nextMove({ ...running, service: SERVICE })).toEqual({ kind: 'go', to: 'test' });
  });
});

describe('the step a reload comes back to', () => {
  const all = { staged: true, project: true, built: true, service: true };

  it('stays where the user was while everything it needs is still there', () => {
    for (const { name } of STEPS) expect(lastStepThatHolds(name, all)).toBe(name);
  });

  it('falls back to the last step whose things still hold', () => {
    expect(lastStepThatHolds('test', { ...all, service: false })).toBe('run');
    expect(lastStepThatHolds('test', { ...all, service: false, built: false })).toBe('build');
    expect(lastStepThatHolds('build', { ...all, project: false })).toBe('setup');
    expect(lastStepThatHolds('image', { ...all, project: false, staged: false })).toBe('drop');
    expect(lastStepThatHolds('inspect', { ...all, staged: false })).toBe('drop');
    // A reopened project needs no staged model.
    expect(lastStepThatHolds('image', { ...all, staged: false })).toBe('image');
  });
});
