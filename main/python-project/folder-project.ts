/**
 * A Python project folder, read as it is (no manifest written by hand, nothing in it runs): a Cog
 * project's cog.yaml and predictor signature, or a predict.py project with its requirements.txt.
 */
import path from 'node:path';
import { ModelFormatError } from '../errors.ts';
import { readFileLimited } from '../files/read-limited.ts';
import type { ModelInfo } from '../formats/types.ts';
import { DEFAULT_PYTHON_VERSION } from '../shared/python-runtime-schema.ts';
import { readCogSignature } from './cog-signature.ts';
import { readCogYaml } from './cog-yaml.ts';
import { COG_FILE, PREDICTOR_CLASS, PREDICTOR_FILE, type PythonProjectFolder } from './detect-project.ts';
import { listProjectFiles, type ProjectFiles } from './project-files.ts';
import { pythonModelInfo } from './python-info.ts';
import type { PythonModel } from './types.ts';

/** A predictor's source is read whole, to this size. */
const MAX_SOURCE_BYTES = 1024 * 1024;
const REQUIREMENTS_FILE = 'requirements.txt';

/** A file the project names must be one that is copied (not left out, not missing). */
function requireListed(listing: ProjectFiles, file: string, dir: string, namedBy: string): void {
  if (listing.files.some((f) => f.path === file)) return;
  const skipped = listing.skipped.find((s) => s.path === file || file.startsWith(`${s.path}/`));
  throw new ModelFormatError(
    `${path.join(dir, file)}: ${namedBy} names it, but it ${skipped ? `is left out (${skipped.why})` : 'is not in the project folder'}`,
  );
}

async function cogModel(dir: string, listing: ProjectFiles): Promise<PythonModel> {
  const yamlFile = path.join(dir, COG_FILE);
  const config = readCogYaml((await readFileLimited(yamlFile, { what: COG_FILE })).toString('utf8'), yamlFile);
  requireListed(listing, config.file, dir, `${COG_FILE}'s ${config.entry}`);
  if (config.requirementsFile) requireListed(listing, config.requirementsFile, dir, `${COG_FILE}'s build.python_requirements`);
  const predictor = path.join(dir, config.file);
  const source = (await readFileLimited(predictor, { what: 'predictor', maxBytes: MAX_SOURCE_BYTES })).toString('utf8');
  const signature = readCogSignature(source, predictor, config.className);
  return {
    section: {
      version: config.version,
      requirements: config.requirements,
      ...(config.requirementsFile ? { requirements_file: config.requirementsFile } : {}),
      source: { kind: 'cog', file: config.file, class: config.className },
      reason: `a Cog project (${COG_FILE}, ${config.file}:${config.className})${config.versionGiven ? '' : `; Python ${config.version}, as cog.yaml names no build.python_version`}`,
    },
    columns: signature.columns,
    returns: signature.returns,
    skipped: listing.skipped,
  };
}

function predictorModel(listing: ProjectFiles): PythonModel {
  const requirements = listing.files.some((f) => f.path === REQUIREMENTS_FILE);
  return {
    section: {
      version: DEFAULT_PYTHON_VERSION,
      requirements: [],
      ...(requirements ? { requirements_file: REQUIREMENTS_FILE } : {}),
      source: { kind: 'predictor', file: PREDICTOR_FILE, class: PREDICTOR_CLASS },
      reason: `a project with its own ${PREDICTOR_FILE} (class ${PREDICTOR_CLASS})`,
    },
    skipped: listing.skipped,
  };
}

/**
 * Describes a Python project folder found by detectPythonProject.
 * @example const info = await inspectPythonFolder({ kind: 'cog', dir: '/models/echo' }); info.python?.columns
 */
export async function inspectPythonFolder(found: PythonProjectFolder): Promise<ModelInfo> {
  const listing = await listProjectFiles(found.dir);
  const model = found.kind === 'cog' ? await cogModel(found.dir, listing) : predictorModel(listing);
  // The entry stands at the folder's top (its folder is the project's): cog.yaml, whose predictor may lie deeper.
  return pythonModelInfo(path.join(found.dir, found.kind === 'cog' ? COG_FILE : PREDICTOR_FILE), listing.files, model);
}
