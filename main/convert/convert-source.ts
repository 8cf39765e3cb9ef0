/**
 * A notebook model to ONNX: the converter image for the versions the file records, the throwaway
 * container that loads, converts and proves parity, and a cache so a file is converted once (a
 * failed conversion too: the same file fails the same way, and the Python runtime's fallback reads
 * what its report learnt).
 * A conversion or parity failure is one CraneError naming the step and why.
 */
import { rm, stat } from 'node:fs/promises';
import type Docker from 'dockerode';
import { getDocker } from '../docker/client.ts';
import { CraneError } from '../errors.ts';
import type { ConverterReport, ParityReport } from '../shared/conversion-schema.ts';
import { sha256File } from '../inference/hash.ts';
import { cacheKey, commitEntry, commitFailure, readCached, startEntry, type PassedReport } from './conversion-cache.ts';
import { ensureConverterImage } from './converter-image.ts';
import { runConverter, type ContainerLimits } from './run-converter.ts';
import { DEFAULT_TOLERANCE, type ConvertOptions, type SourceFacts } from '../notebook/types.ts';

/** A sample larger than this is not a sample: parity wants rows, not the training set. */
const MAX_SAMPLE_BYTES = 64 * 1024 ** 2;

export interface ConvertedSource {
  /** The cache entry's folder: model.onnx, report.json, entry.json. */
  dir: string;
  onnxFile: string;
  report: PassedReport;
  /** How long the conversion took (when it ran; a cached one says how long it took then). */
  seconds: number;
  fromCache: boolean;
}

/** Settings beyond the shared contract: the daemon, the container's limits, test labels. */
export interface ConvertSourceExtras extends ContainerLimits {
  docker?: Docker;
  /** A base of the user's choosing for the converter image (no fallback). */
  baseImage?: string;
  labels?: Record<string, string>;
}

function figure(value: number): string {
  return Number(value.toPrecision(2)).toString();
}

/** "3 of 200 labels differ, max abs difference 0.02 > tolerance 0.0001" */
export function parityFigures(parity: ParityReport): string {
  const labels =
    parity.labels_agree === undefined
      ? ''
      : parity.labels_agree < parity.rows
        ? `${parity.rows - parity.labels_agree} of ${parity.rows} labels differ, `
        : `all ${parity.rows} labels agree, `;
  const over = parity.max_abs_diff > parity.tolerance;
  return `${labels}max abs difference ${figure(parity.max_abs_diff)} ${over ? '>' : '<='} tolerance ${figure(parity.tolerance)} (${parity.rows} ${parity.sample === 'user' ? 'sample' : 'synthesised'} rows, ${parity.dtype})`;
}

/** A conversion that failed, with the converter's report: what it learnt before (columns, classes) serves the Python fallback. */
export class ConversionFailedError extends CraneError {
  constructor(
    message: string,
    readonly report: Extract<ConverterReport, { ok: false }>,
  ) {
    super('CONVERSION_FAILED', message);
  }
}

/** Why a conversion failed, in one line: "converting X failed at the convert step: ...". */
export function failureReason(facts: SourceFacts, report: Extract<ConverterReport, { ok: false }>): string {
  const { step, message, parity } = report.error;
  const what = `converting ${facts.estimator} failed at the ${step} step`;
  return step === 'parity' ? `${what}: parity failed: ${parity ? parityFigures(parity) : message}` : `${what}: ${message}`;
}

/** The one error for a report that says the conversion failed. */
export function conversionFailure(facts: SourceFacts, report: Extract<ConverterReport, { ok: false }>): ConversionFailedError {
  const reason = failureReason(facts, report);
  if (report.error.step === 'parity') return new ConversionFailedError(`${reason}; CraneML serves no model that failed parity`, report);
  return new ConversionFailedError(reason, report);
}

async function sampleHash(sample: string | undefined): Promise<string | undefined> {
  if (sample === undefined) return undefined;
  const info = await stat(sample).catch(() => undefined);
  if (!info?.isFile()) throw new CraneError('USAGE', `the sample ${sample} is not a file; give a CSV file with a header row`);
  if (info.size > MAX_SAMPLE_BYTES)
    throw new CraneError(
      'USAGE',
      `the sample ${sample} is ${Math.round(info.size / 1024 ** 2)} MB; a sample of at most 64 MB (a few hundred rows) is enough`,
    );
  return sha256File(sample);
}

function toleranceOf(options: ConvertOptions): number {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new CraneError('USAGE', `the tolerance must be a positive number, not ${tolerance}`);
  return tolerance;
}

/**
 * @example
 * const converted = await convertSource(facts, { onProgress: (e) => console.error(`${e.step}: ${e.message}`) });
 * converted.onnxFile; // ~/.cache/craneml/conversions/<key>/model.onnx
 */
export async function convertSource(facts: SourceFacts, options: ConvertOptions & ConvertSourceExtras = {}): Promise<ConvertedSource> {
  const tolerance = toleranceOf(options);
  const sample = await sampleHash(options.sample);
  const docker = options.docker ?? (await getDocker()).docker;
  const image = await ensureConverterImage(docker, {
    needs: facts,
    versions: facts.versions,
    baseImage: options.baseImage,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const key = cacheKey({ file: facts.sha256, allowed: facts.globals, sample, tolerance, image: image.tag });
  const cached = await readCached(key);
  if (cached && 'onnxFile' in cached) return { ...cached, fromCache: true };
  if (cached) throw conversionFailure(facts, cached.report);

  const dir = await startEntry(key);
  try {
    const run = await runConverter(docker, {
      image: image.imageId,
      model: facts.file,
      kind: facts.kind,
      allowed: facts.globals,
      sample: options.sample,
      tolerance,
      outDir: dir,
      memory: options.memory,
      timeoutS: options.timeoutS,
      onProgress: options.onProgress,
      signal: options.signal,
      labels: options.labels,
    });
    if (!run.report.ok) {
      await commitFailure(key, dir, run.seconds);
      throw conversionFailure(facts, run.report);
    }
    const entry = await commitEntry(key, dir, run.report, run.seconds);
    return { ...entry, fromCache: false };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
