/**
 * The wizard's state kept in the tab's sessionStorage, so a reload goes on where the user was; on load each
 * saved thing is checked against the core (the staged model, the project, the image, the container) and the
 * wizard resumes at the step it was on, or the last one before it whose things still hold.
 */
import type { ProjectSummary, RunningService, StagedModel } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { codeOf } from '../ui/format.ts';
import type { SetupForm } from './setup-form.ts';
import type { BuildDone } from './use-build.ts';
import type { ImageForm } from './validate.ts';
import { isStepName, lastStepThatHolds, type StepName } from './wizard-state.ts';

const KEY = 'craneml.wizard';

export interface WizardSession {
  step: StepName;
  staged?: StagedModel;
  form?: SetupForm;
  project?: ProjectSummary;
  imageForm: ImageForm;
  built?: BuildDone;
  buildTarget?: string;
  service?: RunningService;
}

export function saveSession(session: WizardSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // A full or disabled storage only costs the resume after a reload.
  }
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

function readSession(): WizardSession | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as WizardSession | null;
    return saved && isStepName(saved.step) && saved.imageForm ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the core still holds the staged model: asking it for a preset of an unknown id is refused with NOT_FOUND. */
async function stillStaged(staged: StagedModel): Promise<boolean> {
  try {
    await api.presetSetup({ stagedId: staged.stagedId, preset: 'digits' });
    return true;
  } catch (error) {
    return codeOf(error) !== 'NOT_FOUND';
  }
}

async function stillImage(tag: string): Promise<boolean> {
  const images = await api.listImages({}).catch(() => []);
  return images.some((image) => image.tags.includes(tag));
}

/**
 * The saved session with what is gone taken out, and its step brought back to the last one that holds;
 * undefined when nothing was saved.
 */
export async function loadSession(): Promise<WizardSession | undefined> {
  const saved = readSession();
  if (!saved) return undefined;
  const staged = saved.staged && (await stillStaged(saved.staged)) ? saved.staged : undefined;
  const project = saved.project ? await api.openProject({ dir: saved.project.dir }).catch(() => undefined) : undefined;
  const built = project && saved.built && (await stillImage(saved.built.tag)) ? saved.built : undefined;
  const found = built && saved.service ? await api.serviceInfo({ container: saved.service.container }).catch(() => undefined) : undefined;
  const service = found && saved.service ? { ...saved.service, ...found } : undefined;
  // Each step needs what the one before it made: back to the last step whose things are still there.
  const step = lastStepThatHolds(saved.step, { staged: !!staged, project: !!project, built: !!built, service: !!service });
  return {
    step,
    ...(staged ? { staged, form: saved.form } : {}),
    ...(project ? { project } : {}),
    imageForm: saved.imageForm,
    ...(built ? { built, buildTarget: saved.buildTarget } : {}),
    ...(service ? { service } : {}),
  };
}
