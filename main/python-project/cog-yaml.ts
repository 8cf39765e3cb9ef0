/**
 * A Cog project's `cog.yaml`, read as CraneML can serve it: the Python version, the pip packages or
 * requirements file, and the runner (`run: "run.py:Runner"` since Cog 0.22, `predict:
 * "predict.py:Predictor"` before). What the image cannot honour (a GPU, Debian packages, build
 * commands) is refused with the reason.
 */
import { parse } from 'yaml';
import type { CraneError } from '../errors.ts';
import { ModelFormatError } from '../errors.ts';
import { DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS, type PythonSection } from '../shared/python-runtime-schema.ts';
import { refuseRequirement } from './requirement-lines.ts';

export interface CogConfig {
  version: PythonSection['version'];
  /** Whether cog.yaml named the version, or the default was taken. */
  versionGiven: boolean;
  requirements: string[];
  requirementsFile?: string;
  /** The key that named the runner: `run` (Cog 0.22 on) or `predict` (before). */
  entry: 'run' | 'predict';
  /** The runner's file, relative to the project, and its class (or function). */
  file: string;
  className: string;
}

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

function wrong(file: string, what: string): CraneError {
  return new ModelFormatError(`${file}: ${what}`);
}

/** "3.11" or "3.11.4" → "3.11", refused when CraneML has no base for it. */
function pythonVersion(value: unknown, file: string): { version: PythonSection['version']; given: boolean } {
  if (value === undefined || value === null) return { version: DEFAULT_PYTHON_VERSION, given: false };
  const text = String(value);
  const minor = /^(\d+\.\d+)(\.\d+)?$/.exec(text)?.[1];
  const version = PYTHON_VERSIONS.find((v) => v === minor);
  if (!version) throw wrong(file, `build.python_version "${text}" is not one CraneML builds images for (${PYTHON_VERSIONS.join(', ')})`);
  return { version, given: true };
}

function stringList(value: unknown, key: string, file: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number'))
    throw wrong(file, `${key} must be a list of strings`);
  return value.map(String);
}

/** build.gpu, build.system_packages and build.run ask for what a CraneML image does not do. */
function refuseUnservable(build: Mapping, file: string): void {
  if (build.gpu === true)
    throw wrong(file, 'build.gpu: true: this project needs a GPU, and CraneML builds CPU images only; set gpu: false if it runs on a CPU');
  const system = stringList(build.system_packages, 'build.system_packages', file);
  if (system.length > 0)
    throw wrong(
      file,
      `build.system_packages (${system.join(', ')}): CraneML images install Python packages only, not Debian packages; remove them if the project runs without them`,
    );
  const run = Array.isArray(build.run) ? build.run : build.run ? [build.run] : [];
  if (run.length > 0)
    throw wrong(file, `build.run: CraneML runs no build commands (${run.length} given); remove them if the project runs without them`);
}

/** `run: "run.py:Runner"` or `predict: "predict.py:Predictor"` → the file and the class; Cog takes one of the two. */
function runner(config: Mapping, file: string): Pick<CogConfig, 'entry' | 'file' | 'className'> {
  if (config.run !== undefined && config.predict !== undefined)
    throw wrong(
      file,
      'sets both run: and predict:; Cog takes one (run: "run.py:Runner", or predict: "predict.py:Predictor" before Cog 0.22)',
    );
  const entry = config.run !== undefined ? 'run' : 'predict';
  const value = config[entry];
  if (typeof value !== 'string')
    throw wrong(file, 'no predict: "predict.py:Predictor" (or Cog 0.22\'s run: "run.py:Runner") naming the predictor');
  const match = /^([^:]+\.py):([A-Za-z_]\w*)$/.exec(value.trim());
  if (!match) throw wrong(file, `${entry}: "${value}" is not "<file>.py:<Class>"`);
  return { entry, file: match[1]!.replace(/^\.\//, ''), className: match[2]! };
}

/**
 * Reads cog.yaml's text (`file` names it in messages).
 * @example readCogYaml('build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n', 'cog.yaml')
 * // { version: '3.11', versionGiven: true, requirements: [], entry: 'run', file: 'run.py', className: 'Runner' }
 */
export function readCogYaml(text: string, file: string): CogConfig {
  let config: unknown;
  try {
    config = parse(text);
  } catch (error) {
    throw wrong(file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isMapping(config)) throw wrong(file, 'not a mapping of build: and run: (or predict:)');
  const build = config.build ?? {};
  if (!isMapping(build)) throw wrong(file, 'build: must be a mapping');
  refuseUnservable(build, file);
  const { version, given } = pythonVersion(build.python_version, file);
  const requirements = stringList(build.python_packages, 'build.python_packages', file);
  for (const line of requirements) refuseRequirement(line, `${file}: build.python_packages`);
  const requirementsFile = build.python_requirements;
  if (requirementsFile !== undefined && typeof requirementsFile !== 'string')
    throw wrong(file, 'build.python_requirements must be a file name');
  return {
    version,
    versionGiven: given,
    requirements,
    ...(requirementsFile ? { requirementsFile: requirementsFile.replace(/^\.\//, '') } : {}),
    ...runner(config, file),
  };
}
