/** The model kinds of the memory bench and the requests of each kind's fixed load. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Predictor } from '../../main/inference/predictor.ts';
import type { Manifest } from '../../main/manifest.ts';
import { digitSamples } from '../runtime/helpers.ts';
import { buildRequest } from './load.ts';
import { tableBench, TABLE_TARGETS } from './tabular.ts';

export const KINDS = ['digits', 'tensor', 'table', 'tfjs', 'keras'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABEL: Record<Kind, string> = {
  digits: 'digits (ONNX, pictures)',
  tensor: 'tensor (ONNX, torch MLP)',
  table: 'table (ONNX, breast cancer)',
  tfjs: 'TF.js layers (two inputs)',
  keras: 'Keras 3 .keras (dense)',
};

/** One request of a kind's load: its body, and the raw bytes the load generator sends. */
export interface KindRequest {
  name: string;
  path: string;
  body: Buffer;
  contentType: string;
  request: Buffer;
}

export function kindRequest(name: string, urlPath: string, body: Buffer | string, contentType: string): KindRequest {
  const bytes = Buffer.from(body);
  return { name, path: urlPath, body: bytes, contentType, request: buildRequest('POST', urlPath, bytes, contentType) };
}

/** The digits requests, as `npm run bench:peers` sends them: the tensor CraneML's codec makes of a drawn 7, and the PNG. */
async function digitsRequests(project: string): Promise<KindRequest[]> {
  const png = (await digitSamples()).find(([digit]) => digit === 7)![1];
  const predictor = await Predictor.open(project);
  try {
    const sample = await predictor.sampleFromImage(png);
    const flat = Array.from(sample.input!.data as Float32Array, (v) => Math.round(v * 1e6) / 1e6);
    const nested = [Array.from({ length: 28 }, (_, r) => flat.slice(r * 28, r * 28 + 28))];
    return [
      kindRequest('json', '/predict', JSON.stringify({ instances: [nested] }), 'application/json'),
      kindRequest('png', '/predict', png, 'image/png'),
    ];
  } finally {
    await predictor.close();
  }
}

/** One instance of small numbers for a tensor model: flat per input, by name when it has several. */
async function tensorRequests(project: string): Promise<KindRequest[]> {
  const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as Manifest;
  const inputs = manifest.signature.inputs.map((spec) => {
    const size = spec.shape.slice(1).reduce((a: number, d) => a * (d < 0 ? 1 : d), 1);
    return [spec.name, Array.from({ length: size }, (_, i) => (i % 7) / 7)] as const;
  });
  const instance = inputs.length === 1 ? inputs[0]![1] : Object.fromEntries(inputs);
  return [kindRequest('json', '/predict', JSON.stringify({ instances: [instance] }), 'application/json')];
}

/** The table's named row and its 100-row CSV (test/bench/tabular.ts). */
async function tableRequests(): Promise<KindRequest[]> {
  const bench = await tableBench();
  const pick = (target: string, name: string): KindRequest => {
    const r = bench.requests.find((q) => q.target === target)!;
    return kindRequest(name, '/predict', r.body, r.contentType);
  };
  return [pick(TABLE_TARGETS.named, 'json'), pick(TABLE_TARGETS.csv100, 'csv100')];
}

/** Every kind's requests, for its project folder. */
export async function kindRequests(projects: Record<Kind, string>): Promise<Record<Kind, KindRequest[]>> {
  return {
    digits: await digitsRequests(projects.digits),
    tensor: await tensorRequests(projects.tensor),
    table: await tableRequests(),
    tfjs: await tensorRequests(projects.tfjs),
    keras: await tensorRequests(projects.keras),
  };
}
