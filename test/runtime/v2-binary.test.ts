/**
 * The V2 binary tensor data extension, byte for byte as tritonclient sends it by default: JSON header,
 * then raw little-endian tensors; answers in binary when asked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../main/project.ts';
import { digitsProject, type Json } from './helpers.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';
import { heldOutDigits } from '../helpers/mnist-heldout.ts';

const dirs: string[] = [];
const servers: InProcessServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function binaryRequest(header: object, ...tensors: Buffer[]): { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> } {
  const json = Buffer.from(JSON.stringify(header));
  return {
    body: new Uint8Array(Buffer.concat([json, ...tensors])),
    headers: { 'Content-Type': 'application/octet-stream', 'Inference-Header-Content-Length': String(json.length) },
  };
}

/** Splits a binary answer into its JSON header and the bytes after it. */
async function readBinaryAnswer(response: Response): Promise<{ header: Json; rest: Buffer }> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const length = Number(response.headers.get('inference-header-content-length') ?? bytes.length);
  return { header: JSON.parse(bytes.subarray(0, length).toString('utf8')), rest: bytes.subarray(length) };
}

function strings(values: string[]): Buffer {
  return Buffer.concat(
    values.map((v) => {
      const text = Buffer.from(v, 'utf8');
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32LE(text.length);
      return Buffer.concat([prefix, text]);
    }),
  );
}

describe('V2 binary tensor data on the digits model', () => {
  let server: InProcessServer;
  const digits = heldOutDigits().filter((_, i) => i % 400 === 0);
  const pixels = Buffer.from(new Float32Array(digits.flatMap((d) => d.pixels)).buffer);
  const infer = () => `${server.url}/v2/models/digits/infer`;

  beforeAll(async () => {
    const project = await digitsProject();
    dirs.push(project);
    server = await serveInProcess(project);
    servers.push(server);
  });

  it('reads binary FP32 input and answers JSON by default', async () => {
    const { body, headers } = binaryRequest(
      { inputs: [{ name: 'input', shape: [digits.length, 1, 28, 28], datatype: 'FP32', parameters: { binary_data_size: pixels.length } }] },
      pixels,
    );
    const response = await server.fetch(infer(), { method: 'POST', headers, body });
    expect(response.status).toBe(200);
    const answer = await response.json();
    const logits = answer.outputs[0].data as number[];
    const labels = digits.map((_, row) => {
      const scores = logits.slice(row * 10, row * 10 + 10);
      return scores.indexOf(Math.max(...scores));
    });
    expect(labels).toEqual(digits.map((d) => d.label));
  });

  it('answers binary outputs when asked, with the JSON header length in Inference-Header-Content-Length', async () => {
    const { body, headers } = binaryRequest(
      {
        id: 'b1',
        inputs: [{ name: 'input', shape: [digits.length, 1, 28, 28], datatype: 'FP32', parameters: { binary_data_size: pixels.length } }],
        outputs: [{ name: 'logits', parameters: { binary_data: true } }],
      },
      pixels,
    );
    const response = await server.fetch(infer(), { method: 'POST', headers, body });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/octet-stream/);
    const { header, rest } = await readBinaryAnswer(response);
    expect(header).toMatchObject({ id: 'b1', outputs: [{ name: 'logits', datatype: 'FP32', shape: [digits.length, 10] }] });
    expect(header.outputs[0].data).toBeUndefined();
    expect(header.outputs[0].parameters.binary_data_size).toBe(digits.length * 10 * 4);
    const logits = new Float32Array(new Uint8Array(rest).buffer);
    digits.forEach((d, row) => {
      const scores = Array.from(logits.subarray(row * 10, row * 10 + 10));
      expect(scores.indexOf(Math.max(...scores))).toBe(d.label);
    });
  });

  it('answers the classification extension (top k as "value:index:label"), in JSON and in binary', async () => {
    const input = { name: 'input', shape: [digits.length, 1, 28, 28], datatype: 'FP32', data: digits.flatMap((d) => d.pixels) };
    const response = await server.fetch(infer(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: [input], outputs: [{ name: 'logits', parameters: { classification: 2 } }] }),
    });
    expect(response.status).toBe(200);
    const [output] = (await response.json()).outputs;
    expect(output).toMatchObject({ name: 'logits', datatype: 'BYTES', shape: [digits.length, 2] });
    const entries = (output.data as string[]).map((text) => text.split(':'));
    digits.forEach((d, row) => {
      const [best, second] = [entries[row * 2]!, entries[row * 2 + 1]!];
      expect(best.slice(1)).toEqual([String(d.label), String(d.label)]);
      expect(Number(best[0])).toBeGreaterThanOrEqual(Number(second[0]));
    });

    const { body, headers } = binaryRequest(
      {
        inputs: [{ ...input, data: undefined, parameters: { binary_data_size: pixels.length } }],
        outputs: [{ name: 'logits', parameters: { binary_data: true, classification: 1 } }],
      },
      pixels,
    );
    const binary = await server.fetch(infer(), { method: 'POST', headers, body });
    const { header, rest } = await readBinaryAnswer(binary);
    expect(header.outputs[0]).toMatchObject({ datatype: 'BYTES', shape: [digits.length, 1] });
    const texts: string[] = [];
    for (let at = 0; at < rest.length; at += 4 + rest.readUInt32LE(at))
      texts.push(rest.toString('utf8', at + 4, at + 4 + rest.readUInt32LE(at)));
    expect(texts.map((t) => t.split(':')[2])).toEqual(digits.map((d) => String(d.label)));

    const bad = await server.fetch(infer(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: [input], outputs: [{ name: 'logits', parameters: { classification: 0 } }] }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/classification must be a whole number/);
  });

  it('refuses bodies whose binary part does not add up, with 400 and a reason', async () => {
    const input = (size: number) => ({
      inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', parameters: { binary_data_size: size } }],
    });
    const one = pixels.subarray(0, 784 * 4);
    const cases = [
      { ...binaryRequest(input(784 * 4), one, Buffer.alloc(8)), reason: /belong to no input/ },
      { ...binaryRequest(input(784 * 4 + 8), one), reason: /runs past the end/ },
      { ...binaryRequest(input(6), one.subarray(0, 6)), reason: /not a whole number of FP32 values/ },
      { ...binaryRequest(input(-1)), reason: /binary_data_size must be a byte count/ },
      {
        body: new Uint8Array(Buffer.from('{}')),
        headers: { 'Inference-Header-Content-Length': '99' },
        reason: /Inference-Header-Content-Length/,
      },
    ];
    for (const { body, headers, reason } of cases) {
      const response = await server.fetch(infer(), { method: 'POST', headers, body });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(reason);
    }
    const wrongCount = binaryRequest(input(8), one.subarray(0, 8));
    expect((await server.fetch(infer(), { method: 'POST', ...wrongCount })).status).toBe(422);
    expect((await server.fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe('V2 binary tensor data with other datatypes', () => {
  it('round-trips INT64 and BYTES (length-prefixed strings) in both directions', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-binary-'));
    dirs.push(dir);
    await initProject(path.resolve('test/runtime/fixtures/dtypes.onnx'), dir, { name: 'dtypes' });
    const server = await serveInProcess(dir);
    servers.push(server);

    const i64 = Buffer.from(new BigInt64Array([1n, -2n, 9007199254740991n, 0n]).buffer);
    const text = strings(['hello', 'wörld']);
    const json = [
      { name: 'f64', shape: [2, 2], datatype: 'FP64', data: [0.5, -1.25, 3, 4] },
      { name: 'i32', shape: [2, 2], datatype: 'INT32', data: [1, -2, 3, 4] },
      { name: 'i64', shape: [2, 2], datatype: 'INT64', parameters: { binary_data_size: i64.length } },
      { name: 'u8', shape: [2, 2], datatype: 'UINT8', data: [0, 1, 254, 255] },
      { name: 'b', shape: [2, 2], datatype: 'BOOL', data: [true, false, false, true] },
      { name: 's', shape: [2, 1], datatype: 'BYTES', parameters: { binary_data_size: text.length } },
    ];
    const { body, headers } = binaryRequest({ inputs: json, parameters: { binary_data_output: true } }, i64, text);
    const response = await server.fetch(`${server.url}/v2/models/dtypes/infer`, { method: 'POST', headers, body });
    expect(response.status).toBe(200);
    const { header, rest } = await readBinaryAnswer(response);
    let offset = 0;
    const parts: Record<string, Buffer> = {};
    for (const output of header.outputs as { name: string; parameters: { binary_data_size: number } }[]) {
      parts[output.name] = rest.subarray(offset, offset + output.parameters.binary_data_size);
      offset += output.parameters.binary_data_size;
    }
    expect(offset).toBe(rest.length);
    expect(Array.from(new BigInt64Array(new Uint8Array(parts.i64_out!).buffer))).toEqual([1n, -2n, 9007199254740991n, 0n]);
    expect(parts.s_out!.equals(text)).toBe(true);
    expect(Array.from(parts.b_out!)).toEqual([0, 1, 1, 0]);
  });
});
