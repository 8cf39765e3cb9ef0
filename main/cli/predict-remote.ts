/** `craneml predict <url>`: the HTTP client of a running CraneML server (native /predict, or V2 with --v2). */
import path from 'node:path';
import { z } from 'zod';
import { predictResponseSchema, type PredictResponse } from '../shared/http-contract.ts';
import { CraneError } from '../errors.ts';
import type { PredictOptions, PredictOutput } from './commands/predict.ts';
import { printPredictions } from './format-prediction.ts';
import { predictV2 } from './predict-remote-v2.ts';
import { DEFAULT_INPUT_LIMIT, readInputFile, readInstances } from './read-input.ts';
import { baseUrl, requestJson, requestText } from './remote-http.ts';

function imageType(bytes: Uint8Array): string {
  return bytes[0] === 0xff && bytes[1] === 0xd8 ? 'image/jpeg' : 'image/png';
}

export async function predictNative(
  base: string,
  images: { name: string; bytes: Buffer }[],
  instances: unknown[],
): Promise<PredictResponse> {
  if (images.length > 0) {
    const form = new FormData();
    for (const image of images) form.append('image', new Blob([new Uint8Array(image.bytes)], { type: imageType(image.bytes) }), image.name);
    return requestJson(`${base}/predict`, predictResponseSchema, { method: 'POST', body: form });
  }
  return requestJson(`${base}/predict`, predictResponseSchema, {
    method: 'POST',
    body: JSON.stringify({ instances }),
    headers: { 'Content-Type': 'application/json' },
  });
}

const limitsSchema = z.object({ limits: z.object({ max_body_bytes: z.number().int().positive() }) });

/** The body limit the server announces in /metadata; the default when it does not say (another server, no key). */
async function bodyLimitOf(base: string): Promise<number> {
  try {
    return (await requestJson(`${base}/metadata`, limitsSchema)).limits.max_body_bytes;
  } catch {
    return DEFAULT_INPUT_LIMIT;
  }
}

/**
 * Rows of a table to the server's /predict, as CSV or JSON instances: printed as the server's CSV
 * answer (`-o csv`), or as lines or JSON.
 */
async function predictRows(base: string, body: string, contentType: string, output: PredictOutput, sources: string[]): Promise<void> {
  const init = { method: 'POST', body, headers: { 'Content-Type': contentType } };
  if (output === 'csv') {
    process.stdout.write(await requestText(`${base}/predict`, { ...init, headers: { ...init.headers, Accept: 'text/csv' } }));
    return;
  }
  const answer = await requestJson(`${base}/predict`, predictResponseSchema, init);
  printPredictions(
    output,
    answer,
    answer.predictions.map((_, i) => sources[i] ?? `row ${i + 1}`),
  );
}

/**
 * Predicts with the server at `url` and prints one line per input (or JSON with `-o json`, or the
 * server's CSV answer for rows of a table).
 * @example await predictRemote('http://127.0.0.1:8080', { image: ['7.png'] }, 'text');
 */
export async function predictRemote(url: string, options: PredictOptions, output: PredictOutput): Promise<void> {
  const base = baseUrl(url);
  const limit = await bodyLimitOf(base);
  if (options.csv) return predictRows(base, (await readInputFile(options.csv, limit)).toString('utf8'), 'text/csv', output, []);
  if (output === 'csv') {
    if (!options.json || options.v2) throw new CraneError('USAGE', '-o csv answers rows of a table: give --csv or --json, without --v2');
    const instances = await readInstances(options.json, limit);
    return predictRows(base, JSON.stringify({ instances }), 'application/json', output, []);
  }
  const sources: string[] = [];
  const images: { name: string; bytes: Buffer }[] = [];
  let instances: unknown[] = [];
  if (options.json) {
    instances = await readInstances(options.json, limit);
    instances.forEach((_, i) => sources.push(`instance ${i}`));
  }
  for (const file of options.image ?? []) {
    sources.push(path.basename(file));
    images.push({ name: path.basename(file), bytes: await readInputFile(file, limit) });
  }
  const answer = options.v2
    ? await predictV2(base, { images: images.map((i) => i.bytes), instances })
    : await predictNative(base, images, instances);
  printPredictions(output, answer, sources);
}
