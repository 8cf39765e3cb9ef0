/** `craneml export`: a folder that builds and runs the model image with Docker alone. */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFolder } from '../files/write-folder.ts';
import type { Manifest } from '../manifest.ts';
import type { Project } from '../project.ts';
import { runtimeFor } from '../runtimes/index.ts';
import { CRANEML_VERSION } from '../version.ts';
import { appFile } from './app-resources.ts';
import { assembleContext, type BuildContext, type ContextOptions } from './context.ts';

const TEMPLATES = appFile('templates/export/');

/** The image name a project gets when none is given: name:version. */
export function defaultImageTag(manifest: Manifest): string {
  return `${manifest.name}:${manifest.version}`;
}

/** curl lines that work against the running image for this model's input kind. */
export function curlExamples(manifest: Manifest, url: string): string[] {
  const lines = [`curl ${url}/readyz`, `curl ${url}/metadata`];
  if (manifest.input.kind === 'image') {
    lines.push(`curl -X POST -H 'Content-Type: image/png' --data-binary @picture.png ${url}/predict`);
    lines.push(`curl -X POST -F image=@picture.png ${url}/predict`);
  } else {
    lines.push(`curl -X POST -H 'Content-Type: application/json' -d '{"instances": [...]}' ${url}/predict`);
  }
  return lines;
}

async function fillTemplate(name: string, values: Record<string, string>): Promise<string> {
  let text = await readFile(path.join(TEMPLATES, name), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.split(`__${key}__`).join(value);
  return text;
}

export interface ExportOptions extends ContextOptions {
  /** The image name create.sh builds (default: name:version). */
  tag?: string;
  /** Replace an earlier export at `dir` (`--force`, or the app's confirmation). */
  replace?: boolean;
  /** How the user asks to replace, for the message (default: use --force). */
  replaceHint?: string;
}

/** The export's files: the build context plus create.sh, run.sh and a README, into `dir` (new). */
async function writeExport(project: Project, dir: string, options: ExportOptions): Promise<BuildContext> {
  const context = await assembleContext(project, dir, options);
  const { manifest } = project;
  const values = {
    IMAGE: options.tag ?? defaultImageTag(manifest),
    NAME: manifest.name,
    VERSION: manifest.version,
    BASE_IMAGE: context.baseImage,
    PLATFORM: context.platform,
    RUNTIME: runtimeFor(manifest).label,
    CRANEML_VERSION,
    CURL_EXAMPLES: curlExamples(manifest, 'http://127.0.0.1:8080').join('\n'),
  };
  for (const script of ['create.sh', 'run.sh']) {
    const target = path.join(dir, script);
    await writeFile(target, await fillTemplate(script, values));
    await chmod(target, 0o755);
  }
  await writeFile(path.join(dir, 'README.md'), await fillTemplate('README.md', values));
  return context;
}

/**
 * Writes the export folder `dir`: new, empty, or an earlier export replaced when asked; the project
 * and its model may be neither `dir` nor inside a folder `dir` would replace (main/files/write-folder.ts).
 */
export async function exportProject(project: Project, dir: string, options: ExportOptions = {}): Promise<BuildContext> {
  const target = path.resolve(dir);
  const write = { target, kind: 'export' as const, replace: options.replace === true, replaceHint: options.replaceHint };
  const context = await writeFolder({ ...write, protect: [project.dir, project.entry] }, (temporary) =>
    writeExport(project, temporary, options),
  );
  return { ...context, dir: target };
}
