/**
 * The Python packages a converter image installs: the pins of templates/converter-python/requirements.txt
 * (requirements-catboost.txt for a file that needs CatBoost), with the versions a model file records
 * replacing the matching pins, plus the few companions an older library needs to install and import
 * beside them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appFile } from '../packaging/app-resources.ts';
import { CraneError } from '../errors.ts';
import type { SourceFacts } from '../notebook/types.ts';

export const REQUIREMENTS_FILE = appFile('templates/converter-python/requirements.txt');
/**
 * CatBoost stays out of the default version set (270 MB installed, with matplotlib and plotly): a
 * file that needs it, a .cbm or a pickle holding a CatBoost model, is converted in an image of its own.
 */
const CATBOOST_REQUIREMENTS = appFile('templates/converter-python/requirements-catboost.txt');

/** What decides the requirements file: the file's library, and the globals a pickle names. */
export type NeedsOf = Pick<SourceFacts, 'library' | 'globals'>;

/**
 * The requirements file a converter for `facts` installs; none given: the default.
 * @example path.basename(requirementsFileFor({ library: 'catboost', globals: [] })) // 'requirements-catboost.txt'
 */
export function requirementsFileFor(facts?: NeedsOf): string {
  const catboost = facts && (facts.library === 'catboost' || facts.globals.some((name) => name.startsWith('catboost.')));
  return catboost ? CATBOOST_REQUIREMENTS : REQUIREMENTS_FILE;
}

/** Exact versions by PyPI name, in the requirements file's order. */
export type Pins = Readonly<Record<string, string>>;

export interface VersionSet {
  pins: Pins;
  /** The pins the model file decided (PyPI name → version), for a message when one cannot install. */
  fromFile: Pins;
  /** The names whose pin differs from the defaults. */
  changed: string[];
}

/** What pip accepts after `==` (PEP 440, without local versions); nothing else reaches the build. */
const VERSION = /^\d+(\.\d+){0,3}((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$/;
const PIN = /^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$/;

/** The packages whose version a file may decide; any other name in SourceFacts.versions is ignored. */
const FILE_DECIDES = new Set(['scikit-learn', 'xgboost', 'lightgbm', 'catboost', 'numpy', 'scipy', 'pandas', 'joblib', 'skops']);

/**
 * Companions for Python 3.11 wheels, checked by installing and importing each set in a venv: a
 * scikit-learn before 1.4.2, XGBoost before 2.1 and LightGBM before 4.4 were built for numpy 1, and
 * those scikit-learns import neither scipy 1.17 nor pandas 3. CatBoost before 1.2.8 requires numpy
 * below 2 (1.2.7's metadata says so; pip resolves that set with the other default pins).
 */
const NUMPY1 = { numpy: '1.26.4', scipy: '1.11.4', pandas: '2.2.3' } as const;

/** `1.3.2` < `1.4.2`, comparing the release numbers only. */
export function olderThan(version: string, than: string): boolean {
  const a = version.split(/[^\d]+/).map(Number);
  const b = than.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    const [x, y] = [a[i] ?? 0, b[i]!];
    if (x !== y) return x < y;
  }
  return false;
}

/** Parses `name==version` lines (comments and blanks skipped). */
export function parsePins(text: string): Pins {
  const pins: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const match = PIN.exec(line);
    if (!match) throw new Error(`requirements line is not name==version: ${line}`);
    pins[match[1]!.toLowerCase()] = match[2]!;
  }
  return pins;
}

const INCLUDE = /^-r\s+(\S+)$/;

/** A requirements file's pins; a `-r other.txt` line takes that file's pins first (the lines after it may replace them). */
export async function defaultPins(file = REQUIREMENTS_FILE, including: string[] = []): Promise<Pins> {
  if (including.includes(file)) throw new Error(`requirements files include each other: ${[...including, file].join(' -> ')}`);
  const lines = (await readFile(file, 'utf8')).split('\n');
  let pins: Record<string, string> = {};
  for (const line of lines) {
    const include = INCLUDE.exec(line.replace(/#.*/, '').trim());
    if (include) pins = { ...pins, ...(await defaultPins(path.resolve(path.dirname(file), include[1]!), [...including, file])) };
  }
  return { ...pins, ...parsePins(lines.filter((line) => !INCLUDE.test(line.replace(/#.*/, '').trim())).join('\n')) };
}

function needsNumpy1(versions: Record<string, string>): boolean {
  const older = (name: string, than: string): boolean => versions[name] !== undefined && olderThan(versions[name], than);
  return older('scikit-learn', '1.4.2') || older('xgboost', '2.1') || older('lightgbm', '4.4') || older('catboost', '1.2.8');
}

/**
 * The version set for a file that records `versions` (SourceFacts.versions).
 * @example versionSetFor(await defaultPins(), { 'scikit-learn': '1.3.2' }).pins['numpy'] // '1.26.4'
 */
export function versionSetFor(defaults: Pins, versions: Record<string, string>): VersionSet {
  const fromFile: Record<string, string> = {};
  for (const [name, version] of Object.entries(versions)) {
    if (!FILE_DECIDES.has(name)) continue;
    if (!VERSION.test(version))
      throw new CraneError('CONVERSION_FAILED', `the file records ${name} version "${version}", which is not a version pip can install`);
    fromFile[name] = version;
  }
  const pins: Record<string, string> = { ...defaults };
  if (needsNumpy1(fromFile)) Object.assign(pins, NUMPY1);
  for (const [name, version] of Object.entries(fromFile)) {
    // xgboost-cpu (the wheel without CUDA) starts at 2.1; an older file gets the full xgboost.
    if (name === 'xgboost' && 'xgboost-cpu' in pins) {
      if (olderThan(version, '2.1')) {
        delete pins['xgboost-cpu'];
        pins['xgboost'] = version;
      } else pins['xgboost-cpu'] = version;
    } else pins[name] = version;
  }
  const changed = Object.keys(pins).filter((name) => pins[name] !== defaults[name]);
  return { pins, fromFile, changed };
}

/**
 * Installed after the others, without the dependencies they declare: CatBoost declares graphviz,
 * matplotlib and plotly (170 MB in the image) for its plotting helpers only; what it imports (numpy,
 * pandas, scipy, six) is pinned. The rest of CatBoost's set is then the default set, so its image
 * shares the default image's layer of packages.
 */
const WITHOUT_DEPENDENCIES = new Set(['catboost', 'six']);

/**
 * The set as a requirements file, one `name==version` a line: the pins pip installs with their
 * dependencies (`main`), or those it installs without (`no-deps`). The same pins give the same text
 * (so one image serves every file they fit, whatever the file recorded), except that pins differing
 * from the defaults come first: pip then reports one it cannot find before downloading the others.
 */
export function requirementsText(set: VersionSet, part: 'main' | 'no-deps' = 'main'): string {
  const names = Object.keys(set.pins)
    .filter((name) => WITHOUT_DEPENDENCIES.has(name) === (part === 'no-deps'))
    .sort();
  const changed = (name: string): boolean => set.changed.includes(name);
  return [...names.filter(changed), ...names.filter((name) => !changed(name))].map((name) => `${name}==${set.pins[name]}\n`).join('');
}
