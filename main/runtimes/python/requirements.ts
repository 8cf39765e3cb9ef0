/**
 * The pip requirements of a Python-runtime image, in one file for its dependency layer: the runtime's
 * own pins (templates/runtime-python/requirements.txt), then the model's (the manifest's
 * `python.requirements`, then the lines of its `requirements_file`).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { appFile } from '../../packaging/app-resources.ts';
import { CraneError } from '../../errors.ts';
import { readFileLimited } from '../../files/read-limited.ts';
import { isInside } from '../../formats/contained-path.ts';
import type { PythonSection } from '../../shared/python-runtime-schema.ts';

export const RUNTIME_REQUIREMENTS = appFile('templates/runtime-python/requirements.txt');

/** Options a line may carry: where packages come from and which builds are taken, never another file. */
const ALLOWED_OPTIONS = /^(--index-url|-i|--extra-index-url|--trusted-host|--pre|--prefer-binary|--only-binary|--no-binary)(?=[\s=]|$)/;
/** Lines naming a file: the image build sees the project's listed files only, never the host's. */
const FILE_OPTIONS = /^(-r|--requirement|-c|--constraint|-e|--editable|-f|--find-links)(?=[\s=]|$)/;
const LOCAL_PATH = /^(\.|\/|~|[A-Za-z]:[\\/]|file:)|@\s*file:/;

export interface ImageRequirements {
  /** The image's requirements.txt, a commented section per source. */
  text: string;
  /** Every line that decides what pip installs, unique and sorted: what the dependency layer is keyed by. */
  lines: string[];
}

/**
 * The requirement lines of a requirements file: comments and blank lines dropped, continuations joined;
 * a line naming another file or a local path is refused with its line number.
 * @example requirementLines('numpy==2.1.0  # arrays\n\nscikit-learn==1.5.2\n', 'requirements.txt') // ['numpy==2.1.0', 'scikit-learn==1.5.2']
 */
export function requirementLines(text: string, source: string): string[] {
  const lines: string[] = [];
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const number = i + 1;
    let line = physical[i]!;
    while (line.endsWith('\\') && i + 1 < physical.length) line = line.slice(0, -1) + physical[++i];
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (FILE_OPTIONS.test(line))
      throw new CraneError(
        'MODEL_FILES',
        `${source} line ${number}: "${line}" names another file or folder, which the image build does not see; list the packages themselves`,
      );
    if (line.startsWith('-') && !ALLOWED_OPTIONS.test(line))
      throw new CraneError(
        'MODEL_FILES',
        `${source} line ${number}: the option "${line.split(/[\s=]/)[0]}" is not taken in an image's requirements`,
      );
    if (LOCAL_PATH.test(line))
      throw new CraneError(
        'MODEL_FILES',
        `${source} line ${number}: "${line}" is a local path; the image installs packages from an index only`,
      );
    lines.push(line);
  }
  return lines;
}

/** The project's requirements file, which must be a regular file inside the project folder. */
async function readProjectFile(projectDir: string, file: string): Promise<string> {
  const full = path.join(projectDir, file);
  const [root, real] = await Promise.all([realpath(projectDir), realpath(full).catch(() => full)]);
  if (!isInside(root, real)) throw new CraneError('MODEL_FILES', `${full}: leads outside the project folder ${projectDir}`);
  return (await readFileLimited(full, { what: 'requirements file' })).toString('utf8');
}

/**
 * What the image installs for a project served by the Python runtime.
 * @example
 * const { text, lines } = await imageRequirements(project.dir, project.manifest.python!);
 */
export async function imageRequirements(
  projectDir: string,
  python: Pick<PythonSection, 'requirements' | 'requirements_file'>,
  runtimeRequirements = RUNTIME_REQUIREMENTS,
): Promise<ImageRequirements> {
  const runtime = requirementLines(
    (await readFileLimited(runtimeRequirements, { what: "runtime's requirements" })).toString('utf8'),
    runtimeRequirements,
  );
  const sections: [string, string[]][] = [
    ['the runtime (CraneML)', runtime],
    [
      'the model (craneml.json python.requirements)',
      python.requirements.flatMap((line, i) => requirementLines(line, `python.requirements[${i}]`)),
    ],
  ];
  if (python.requirements_file) {
    const file = python.requirements_file;
    sections.push([`the model (${file})`, requirementLines(await readProjectFile(projectDir, file), file)]);
  }
  const text = sections
    .filter(([, lines]) => lines.length > 0)
    .map(([from, lines]) => `# ${from}\n${lines.join('\n')}\n`)
    .join('\n');
  const lines = [...new Set(sections.flatMap(([, l]) => l))].sort();
  return { text, lines };
}
