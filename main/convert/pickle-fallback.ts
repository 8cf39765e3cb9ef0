/**
 * The fallback for a notebook model no converter takes: served by the Python runtime from its own
 * file, loaded with exactly the globals the allow-list approved, with the library versions the file
 * was saved with pinned, by the columns and classes the converter's describe step learnt.
 */
import path from 'node:path';
import { defaultPins, requirementsFileFor, versionSetFor } from './version-set.ts';
import type { SourceFacts } from '../notebook/types.ts';
import type { ModelInfo } from '../formats/types.ts';
import type { ConverterReport } from '../shared/conversion-schema.ts';
import { DEFAULT_PYTHON_VERSION } from '../shared/python-runtime-schema.ts';
import { pythonModelInfo } from '../python-project/python-info.ts';

type FailedReport = Extract<ConverterReport, { ok: false }>;

/** The steps whose failure the Python runtime can stand in for: the model loaded and was described. */
const FALLBACK_STEPS = new Set<FailedReport['error']['step']>(['convert', 'parity']);

/** A reason longer than this is cut (the manifest keeps at most 4,000 characters). */
const MAX_REASON = 2000;

/** Packages every served notebook model imports beside its library: arrays, frames, the files' loader. */
const COMPANIONS = ['numpy', 'scipy', 'pandas', 'joblib'];
const LIBRARY_PACKAGES: Record<string, string[]> = {
  'scikit-learn': ['scikit-learn'],
  xgboost: ['xgboost-cpu', 'xgboost'],
  lightgbm: ['lightgbm'],
  catboost: ['catboost'],
};
/** A global's root module → the library it belongs to. */
const GLOBAL_LIBRARIES: Record<string, string> = {
  sklearn: 'scikit-learn',
  xgboost: 'xgboost',
  lightgbm: 'lightgbm',
  catboost: 'catboost',
};

/** What a failed report must hold for the fallback: the columns and task describe learnt, at a step past it. */
export function canFallBack(report: FailedReport): report is FailedReport & { columns: NonNullable<FailedReport['columns']> } {
  return FALLBACK_STEPS.has(report.error.step) && report.columns !== undefined && report.model?.task !== undefined;
}

/**
 * The packages the file needs, pinned as the converter's version set pins them for this file: the
 * versions the file records, the defaults otherwise.
 * @example await pinnedRequirements(facts) // ['joblib==1.6.0', 'numpy==2.4.6', 'pandas==3.1.1', 'scikit-learn==1.9.1', 'scipy==1.17.1']
 */
export async function pinnedRequirements(facts: SourceFacts): Promise<string[]> {
  const { pins } = versionSetFor(await defaultPins(requirementsFileFor(facts)), facts.versions);
  const libraries = new Set([
    facts.library,
    ...facts.globals.map((g) => GLOBAL_LIBRARIES[g.split('.')[0]!]).filter((l) => l !== undefined),
  ]);
  // A pickle of XGBoost's or LightGBM's scikit-learn wrapper imports scikit-learn too.
  if (facts.kind === 'pickle' || facts.kind === 'joblib' || facts.kind === 'skops') libraries.add('scikit-learn');
  const names = [...COMPANIONS, ...(facts.kind === 'skops' ? ['skops'] : []), ...[...libraries].flatMap((l) => LIBRARY_PACKAGES[l] ?? [])];
  return [...new Set(names)]
    .filter((name) => pins[name] !== undefined)
    .sort()
    .map((name) => `${name}==${pins[name]}`);
}

/**
 * The ModelInfo of a notebook model the Python runtime serves because converting it failed (`why`).
 * @example const info = await pickleFallbackInfo(facts, report, error.message); info.metadata.why // 'converting … failed at the convert step: …'
 */
export async function pickleFallbackInfo(
  facts: SourceFacts,
  report: FailedReport & { columns: NonNullable<FailedReport['columns']> },
  why: string,
): Promise<ModelInfo> {
  const file = path.basename(facts.file);
  const estimator = report.model?.estimator ?? facts.estimator;
  const task = report.model?.task;
  const reason = why.length > MAX_REASON ? `${why.slice(0, MAX_REASON - 1)}…` : why;
  return pythonModelInfo(facts.file, [{ path: file, bytes: facts.bytes }], {
    section: {
      version: DEFAULT_PYTHON_VERSION,
      requirements: await pinnedRequirements(facts),
      source: { kind: 'pickle', file, source_kind: facts.kind, estimator, allowed_globals: facts.globals },
      reason,
    },
    // The runtime gives each column its own input (the converter fed them into one tensor).
    columns: report.columns.map((column) => ({ ...column, tensor: column.name, index: 0 })),
    task,
    classes: task === 'classification' ? report.model?.classes : undefined,
    skipped: [],
  });
}
