/** From a staged model and the wizard's answers to a manifest, and a project folder on disk. */
import os from 'node:os';
import path from 'node:path';
import { defaultImageTag } from '../packaging/export.ts';
import { CraneError } from '../errors.ts';
import type { ModelInfo } from '../formats/index.ts';
import { parseManifest, type Manifest } from '../manifest.ts';
import { createManifest, openProject, writeProjectFolder, type Project } from '../project.ts';
import type { ModelSetup, ProjectSummary } from '../shared/crane-api.ts';
import { editColumns } from './column-edits.ts';

/** The wizard's fields of a manifest. */
export function setupOf(manifest: Manifest): ModelSetup {
  return {
    name: manifest.name,
    version: manifest.version,
    input: manifest.input,
    labels: manifest.labels,
    postprocess: manifest.postprocess,
    server: { page: manifest.server.page },
  };
}

/** The model's own input, with a table's columns as the wizard filled in what the model leaves unknown. */
function inputWithEdits(base: Manifest['input'], given: ModelSetup['input']): Manifest['input'] {
  if (base.kind !== 'table' || given.kind !== 'table') return base;
  return { ...base, columns: editColumns(base.columns, given.columns) };
}

/**
 * A notebook model's table, score output and task come from its file and its conversion: the
 * wizard names and versions it, may rename its classes, choose top-k and fill in what the columns
 * leave unknown (column-edits.ts), and nothing else.
 */
function notebookSetup(base: Manifest, setup: ModelSetup): Pick<Manifest, 'input' | 'labels' | 'postprocess'> {
  if (setup.input.kind !== 'table')
    throw new CraneError('USAGE', `a notebook model takes the table of its columns as input, not ${setup.input.kind} input`);
  const labels = setup.labels?.filter((l) => l.trim() !== '');
  return {
    input: inputWithEdits(base.input, setup.input),
    labels: base.task === 'regression' ? undefined : labels?.length ? labels : base.labels,
    postprocess: { ...base.postprocess, top_k: setup.postprocess.top_k },
  };
}

/**
 * A model the Python runtime serves takes its input from its code or file (the signature's columns,
 * rows as sent, a notebook model's columns): the wizard names and versions it, may rename a
 * classifier's classes, choose top-k and fill in what the columns leave unknown, and nothing else.
 */
function pythonSetup(base: Manifest, setup: ModelSetup): Pick<Manifest, 'input' | 'labels' | 'postprocess'> {
  if (setup.input.kind !== base.input.kind)
    throw new CraneError(
      'USAGE',
      `a model the Python runtime serves takes ${base.input.kind} input, as its code or file says, not ${setup.input.kind}`,
    );
  const labels = setup.labels?.filter((l) => l.trim() !== '');
  return {
    input: inputWithEdits(base.input, setup.input),
    labels: base.labels && labels?.length ? labels : base.labels,
    postprocess: { ...base.postprocess, top_k: setup.postprocess.top_k },
  };
}

/** `base` (signature, files and hashes) described as `setup` says; the manifest's own checks apply. */
export function manifestFromSetup(base: Manifest, setup: ModelSetup): Manifest {
  const labels = setup.labels?.filter((l) => l.trim() !== '');
  const described = base.python
    ? pythonSetup(base, setup)
    : base.conversion
      ? notebookSetup(base, setup)
      : { input: setup.input, labels: labels?.length ? labels : undefined, postprocess: setup.postprocess };
  const server = setup.server ? { ...base.server, page: setup.server.page } : base.server;
  return parseManifest({ ...base, name: setup.name, version: setup.version, ...described, server }, "the wizard's set-up");
}

/**
 * Hashes and signature of a staged model, computed once (the wizard asks again on every change); with
 * the labels of a labels.txt dropped beside it, decided as `craneml init --labels` decides.
 */
export function baseManifest(info: ModelInfo, preset?: string, labels?: string[]): Promise<Manifest> {
  return createManifest(info, { preset, ...(labels ? { labels } : {}) });
}

/** "~/x" as the user's home folder; anything else made absolute. */
export function expandHome(dir: string): string {
  return path.resolve(dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : dir);
}

export function summarise(project: Project): ProjectSummary {
  const { manifest } = project;
  return {
    dir: project.dir,
    name: manifest.name,
    version: manifest.version,
    format: manifest.format,
    inputKind: manifest.input.kind,
    task: manifest.task,
    labels: manifest.labels?.length ?? 0,
    defaultTag: defaultImageTag(manifest),
  };
}

/** How the wizard asks to replace a project: its checkbox, by name. */
const REPLACE_PROJECT_HINT = 'tick "Replace the project in this folder" to replace it';

/**
 * The app's Create project through the one writer (project.ts writeProjectFolder): `replace` is sent
 * after a confirmation naming the folder; answers the written project's summary.
 */
export async function writeProject(sourceDir: string, manifest: Manifest, dir: string, replace: boolean): Promise<ProjectSummary> {
  const target = expandHome(dir);
  await writeProjectFolder(sourceDir, manifest, target, { replace, protect: [sourceDir], replaceHint: REPLACE_PROJECT_HINT });
  return summarise(await openProject(target));
}
