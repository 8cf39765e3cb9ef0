/** The digits workloads' request bodies, written once for every bench that sends them. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Predictor } from '../../../main/inference/predictor.ts';
import { digitSamples } from '../../runtime/helpers.ts';
import { DIGITS_WORKLOADS, type DigitsWorkload } from './servers.ts';

const BOUNDARY = 'craneml-bench-boundary';

export const DIGITS_CONTENT_TYPE: Record<DigitsWorkload, string> = {
  json: 'application/json',
  png: 'image/png',
  multipart: `multipart/form-data; boundary=${BOUNDARY}`,
  v2: 'application/json',
};

function multipart(png: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="digit.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/**
 * The four request bodies as files in `dir`, from one sample drawing (samples/7.png); the tensors are
 * what CraneML's codec makes of it, so the JSON and V2 bodies carry the picture the PNG bodies do.
 */
export async function writeDigitsBodies(project: string, dir: string): Promise<Record<DigitsWorkload, string>> {
  const png = (await digitSamples()).find(([digit]) => digit === 7)![1];
  const predictor = await Predictor.open(project);
  const sample = await predictor.sampleFromImage(png);
  await predictor.close();
  const flat = Array.from(sample.input!.data as Float32Array, (v) => Math.round(v * 1e6) / 1e6);
  const nested = [Array.from({ length: 28 }, (_, r) => flat.slice(r * 28, r * 28 + 28))];
  const bodies: Record<DigitsWorkload, Buffer | string> = {
    json: JSON.stringify({ instances: [nested] }),
    png,
    multipart: multipart(png),
    v2: JSON.stringify({ inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: flat }] }),
  };
  const files = {} as Record<DigitsWorkload, string>;
  for (const workload of DIGITS_WORKLOADS) {
    files[workload] = path.join(dir, `${workload}.body`);
    await writeFile(files[workload], bodies[workload]);
  }
  return files;
}
