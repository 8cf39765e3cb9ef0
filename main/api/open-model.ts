/** A model file, a folder holding one, or a project, opened as every front end opens it: a notebook model converted on the way. */
import { notebookConversion, withNotebooks } from '../convert/notebook-conversion.ts';
import { inspectModel, type InspectOptions, type ModelInfo } from '../formats/index.ts';
import type { Predictor } from '../inference/predictor.ts';
import type { initProject as InitProject, ManifestOptions, Project } from '../project.ts';

/** The engine's inspectModel, converting a notebook model in a container. */
export function inspectAnyModel(target: string, options: InspectOptions = {}): Promise<ModelInfo> {
  return inspectModel(target, { ...options, notebooks: notebookConversion });
}

// The rest load what they use when called: `craneml inspect` needs neither projects nor a predictor.

/** The engine's openProject, converting a bare notebook model in a container. */
export async function openAnyProject(target: string, options: ManifestOptions = {}): Promise<Project> {
  const { openProject } = await import('../project.ts');
  return openProject(target, withNotebooks(options));
}

/** The engine's initProject (`craneml init`), converting a notebook model in a container. */
export async function initAnyProject(
  model: string,
  outDir: string,
  options: Parameters<typeof InitProject>[2] = {},
): ReturnType<typeof InitProject> {
  const { initProject } = await import('../project.ts');
  return initProject(model, outDir, withNotebooks(options));
}

/** Predictor.open over a project or a bare model, converting a notebook model in a container. */
export async function openPredictor(target: string, options: ManifestOptions = {}): Promise<Predictor> {
  const { Predictor } = await import('../inference/predictor.ts');
  return Predictor.open(target, withNotebooks(options));
}
