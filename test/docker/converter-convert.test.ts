/**
 * convertSource against the real daemon and the real converter: scikit-learn's breast-cancer
 * pipeline (test/fixtures/tabular/models/cancer.joblib, made in the test set-up) converts with
 * parity passed, is then taken from the cache without a container, a damaged cache entry is never
 * trusted, and a conversion or parity failure is one clear error naming the step, given again from
 * the cache.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertSource, type ConversionFailedError, type ConvertSourceExtras } from '../../main/convert/convert-source.ts';
import { readSourceFacts } from '../../main/notebook/source-facts.ts';
import type { ConvertOptions, ConvertProgress, SourceFacts } from '../../main/notebook/types.ts';
import { cleanupByLabel, countByLabel, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker();
const labels = testLabels('converter-convert');
const MODELS = path.resolve('test/fixtures/tabular/models');
/** The first conversion may build the converter image (pip, minutes); setup.sh makes it beforehand. */
const CONVERT_MS = 20 * 60_000;

let cache: string;
let savedCacheDir: string | undefined;

async function factsOf(name: string): Promise<SourceFacts> {
  const file = path.join(MODELS, name);
  await stat(file).catch(() => {
    throw new Error(`${file} is missing; make the fixtures with: bash scripts/make-tabular-fixtures.sh`);
  });
  const facts = await readSourceFacts(file);
  if (!facts) throw new Error(`${file} is not recognised as a notebook model`);
  return facts;
}

function convert(facts: SourceFacts, options: ConvertOptions = {}) {
  const progress: ConvertProgress[] = [];
  const extras: ConvertSourceExtras = { docker, labels };
  const result = convertSource(facts, { ...options, ...extras, onProgress: (event) => progress.push(event) });
  return { result, progress };
}

beforeAll(async () => {
  cache = await mkdtemp(path.join(os.tmpdir(), 'craneml-conversions-'));
  savedCacheDir = process.env.CRANEML_CACHE_DIR;
  process.env.CRANEML_CACHE_DIR = cache;
});

afterAll(async () => {
  if (savedCacheDir === undefined) delete process.env.CRANEML_CACHE_DIR;
  else process.env.CRANEML_CACHE_DIR = savedCacheDir;
  await rm(cache, { recursive: true, force: true });
  if (docker) await cleanupByLabel(docker, labels);
});

describe.skipIf(!docker)('convertSource', () => {
  it(
    'converts the breast-cancer pipeline with parity passed, then takes it from the cache',
    async () => {
      const facts = await factsOf('cancer.joblib');
      const started = performance.now();
      const first = convert(facts);
      const converted = await first.result;
      const wall = (performance.now() - started) / 1000;
      expect(converted.fromCache).toBe(false);
      expect(converted.report.ok).toBe(true);
      expect(converted.report.model).toMatchObject({ task: 'classification', classes: ['0', '1'] });
      expect(converted.report.columns.map((c) => c.name)).toContain('mean radius');
      expect(converted.report.columns).toHaveLength(30);
      expect(converted.report.parity).toMatchObject({ passed: true, sample: 'synthesised' });
      expect(converted.report.parity.labels_agree).toBe(converted.report.parity.rows);
      expect((await stat(converted.onnxFile)).size).toBeGreaterThan(0);
      for (const step of ['load', 'convert', 'parity'] as const) expect(first.progress.some((p) => p.step === step)).toBe(true);
      expect((await countByLabel(docker!, labels)).containers).toBe(0);
      console.info(
        `cancer.joblib: converted in ${converted.seconds.toFixed(1)} s in the container (${wall.toFixed(1)} s with the image check), ` +
          `parity ${JSON.stringify(converted.report.parity)}`,
      );

      const again = convert(facts);
      const cached = await again.result;
      expect(cached).toMatchObject({ fromCache: true, onnxFile: converted.onnxFile, seconds: converted.seconds });
      expect(cached.report).toEqual(converted.report);
      // No container ran: the converter's steps never reported.
      expect(again.progress.filter((p) => p.step !== 'image')).toEqual([]);

      // A cache entry whose model.onnx changed is not trusted: it is converted again and replaced.
      await writeFile(converted.onnxFile, 'damaged');
      const redone = await convert(facts).result;
      expect(redone.fromCache).toBe(false);
      expect((await stat(redone.onnxFile)).size).toBeGreaterThan(7);
      // The cache holds entries and no half-written sibling.
      expect((await readdir(path.join(cache, 'conversions'))).filter((name) => name.startsWith('.'))).toEqual([]);
    },
    CONVERT_MS,
  );

  it(
    'proves parity on the user’s sample rows when given, as its own cache entry',
    async () => {
      const facts = await factsOf('cancer.joblib');
      const converted = await convert(facts, { sample: path.join(MODELS, 'cancer.sample.csv') }).result;
      expect(converted.fromCache).toBe(false);
      expect(converted.report.parity).toMatchObject({ sample: 'user', rows: 20, labels_agree: 20, passed: true });
    },
    CONVERT_MS,
  );

  it(
    'a parity failure is one error with the figures, then the same error from the cache without a container',
    async () => {
      const facts = await factsOf('cancer.joblib');
      const error = await convert(facts, { tolerance: 1e-30 }).result.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CONVERSION_FAILED' });
      expect((error as Error).message).toMatch(
        /^converting .+ failed at the parity step: parity failed: .*max abs difference [0-9.e-]+ > tolerance 1e-30 .*; CraneML serves no model that failed parity$/,
      );
      expect((error as Error).message).not.toContain('\n');
      expect((await readdir(path.join(cache, 'conversions'))).filter((name) => name.startsWith('.'))).toEqual([]);

      const again = convert(facts, { tolerance: 1e-30 });
      const repeated = await again.result.catch((e: unknown) => e);
      expect(repeated).toMatchObject({ code: 'CONVERSION_FAILED', message: (error as Error).message });
      expect((repeated as ConversionFailedError).report).toEqual((error as ConversionFailedError).report);
      expect(again.progress.filter((p) => p.step !== 'image')).toEqual([]);
    },
    CONVERT_MS,
  );

  it(
    'a step the converters lack is one error naming the step and why',
    async () => {
      const facts = await factsOf('log1p_pipeline.pkl');
      const error = await convert(facts).result.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CONVERSION_FAILED' });
      expect((error as Error).message).toMatch(/^converting .+ failed at the convert step: .*FunctionTransformer/);
      expect((await countByLabel(docker!, labels)).containers).toBe(0);
    },
    CONVERT_MS,
  );
});
