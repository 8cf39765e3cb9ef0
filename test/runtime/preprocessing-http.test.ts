/**
 * Image pre-processing through the real server (`craneml serve`, pictures in its codec worker
 * threads): a project made with crop, nearest and ImageNet mean/std answers a picture exactly as
 * the in-process predictor does, sees the centre crop (?preview=true), and differs from fill.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawPrediction } from '../../main/shared/http-contract.ts';
import { Predictor } from '../../main/inference/predictor.ts';
import { initProject, type ImagePreprocessing } from '../../main/project.ts';
import { encodeRaw } from '../helpers/images.ts';
import { serve, type Served } from './helpers.ts';

/** float32 [N, 3, 8, 8] in, [N, 1000, 1, 1] out. */
const MODEL = path.resolve('test/fixtures/onnx/classifiers/nc11_image_classifier.onnx');
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const dirs: string[] = [];
const servers: Served[] = [];
let picture: Buffer;

async function project(name: string, image: ImagePreprocessing): Promise<{ dir: string; server: Served }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `craneml-pre-${name}-`));
  dirs.push(dir);
  await initProject(MODEL, dir, { name, image });
  const server = await serve(dir, { env: { CRANEML_LOG: 'off' } });
  servers.push(server);
  return { dir, server };
}

async function outputsOver(server: Served, query = ''): Promise<{ data: number[]; previews?: string[] }> {
  const response = await fetch(`${server.url}/predict${query}`, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: new Uint8Array(picture),
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return { data: body.predictions[0].outputs.logits.data, previews: body.previews };
}

beforeAll(async () => {
  // 48x16: red, green and blue thirds. A centre crop to 8x8 is the green third.
  const pixels = new Uint8Array(48 * 16 * 3);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 48; x++) pixels[(y * 48 + x) * 3 + Math.floor(x / 16)] = 255;
  picture = await encodeRaw(pixels, 48, 16, 3);
}, 60_000);

afterAll(async () => {
  const codes = await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  expect(codes).toEqual(servers.map(() => 0));
});

describe('image pre-processing over HTTP', () => {
  it('crop + nearest + mean/std: the server answers as the in-process predictor, on the centre crop', async () => {
    const { dir, server } = await project('cropped', { fit: 'crop', kernel: 'nearest', ...IMAGENET });
    const served = await outputsOver(server, '?preview=true');
    const predictor = await Predictor.open(dir);
    const [local] = (await predictor.predict([await predictor.sampleFromImage(picture)])) as RawPrediction[];
    const localData = local!.outputs.logits!.data as number[];
    expect(served.data).toHaveLength(1000);
    served.data.forEach((v, i) => expect(v).toBeCloseTo(localData[i]!, 5));
    // The picture the model saw: all green.
    const png = Buffer.from(served.previews![0]!.split(',')[1]!, 'base64');
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([8, 8]);
    for (let i = 0; i < 64; i++) expect([data[i * 3], data[i * 3 + 1], data[i * 3 + 2]]).toEqual([0, 255, 0]);
  });

  it('fill with the same mean/std answers otherwise (all three thirds are in the picture)', async () => {
    const cropped = await outputsOver(servers[0]!);
    const { server } = await project('filled', { fit: 'fill', kernel: 'nearest', ...IMAGENET });
    const filled = await outputsOver(server);
    expect(filled.data).not.toEqual(cropped.data);
  });
});
