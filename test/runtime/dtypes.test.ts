import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../main/project.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';

const fixtures = path.resolve('test/runtime/fixtures');
const dirs: string[] = [];
const servers: InProcessServer[] = [];

async function serveModel(file: string): Promise<InProcessServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-dtypes-'));
  dirs.push(dir);
  await initProject(path.join(fixtures, file), dir, { name: path.basename(file, '.onnx') });
  const server = await serveInProcess(dir);
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('V2 datatypes (a model with FP64, INT32, INT64, UINT8, BOOL and BYTES inputs)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await serveModel('dtypes.onnx');
  });

  const inputs = [
    { name: 'f64', shape: [2, 2], datatype: 'FP64', data: [0.5, -1.25, 3, 4] },
    { name: 'i32', shape: [2, 2], datatype: 'INT32', data: [1, -2, 2147483647, -2147483648] },
    { name: 'i64', shape: [2, 2], datatype: 'INT64', data: [1, -2, 9007199254740991, 0] },
    { name: 'u8', shape: [2, 2], datatype: 'UINT8', data: [0, 1, 254, 255] },
    { name: 'b', shape: [2, 2], datatype: 'BOOL', data: [true, false, false, true] },
    { name: 's', shape: [2, 1], datatype: 'BYTES', data: ['hello', 'wörld'] },
  ];

  it('reports each input with its V2 datatype', async () => {
    const meta = await (await server.fetch(`${server.url}/v2/models/dtypes`)).json();
    expect(meta.inputs.map((i: { datatype: string }) => i.datatype)).toEqual(['FP64', 'INT32', 'INT64', 'UINT8', 'BOOL', 'BYTES']);
  });

  it('infers with every datatype and answers each output with its datatype, shape and data', async () => {
    const { status, body } = await server.postJson(`${server.url}/v2/models/dtypes/infer`, { id: 'all', inputs });
    expect(status, JSON.stringify(body)).toBe(200);
    const out = Object.fromEntries(body.outputs.map((o: { name: string }) => [o.name, o]));
    expect(out.f64_out).toEqual({ name: 'f64_out', datatype: 'FP64', shape: [2, 2], data: [1, -2.5, 6, 8] });
    expect(out.i32_out).toMatchObject({ datatype: 'INT32', data: [1, -2, 2147483647, -2147483648] });
    expect(out.i64_out).toMatchObject({ datatype: 'INT64', data: [1, -2, 9007199254740991, 0] });
    expect(out.u8_out).toMatchObject({ datatype: 'UINT8', data: [0, 1, 254, 255] });
    expect(out.b_out).toMatchObject({ datatype: 'BOOL', shape: [2, 2] });
    expect(out.b_out.data.map(Boolean)).toEqual([false, true, true, false]);
    expect(out.s_out).toMatchObject({ datatype: 'BYTES', shape: [2, 1], data: ['hello', 'wörld'] });
  });

  it('refuses values outside a datatype and datatypes an input does not take, naming them', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'u8', data: [0, 1, 2, 256] }, /uint8/],
      [{ name: 'i32', data: [1.5, 0, 0, 0] }, /int32/],
      [{ name: 'b', datatype: 'FP32', data: [1, 0, 0, 1] }, /FP32.*BOOL/],
      [{ name: 's', datatype: 'INT64', data: [1, 2] }, /INT64.*BYTES/],
      [{ name: 'f64', datatype: 'INT8', data: [1, 2, 3, 300] }, /int8/],
    ];
    for (const [change, message] of cases) {
      const changed = inputs.map((i) => (i.name === change.name ? { ...i, ...change } : i));
      const { status, body } = await server.postJson(`${server.url}/v2/models/dtypes/infer`, { inputs: changed });
      expect(status, JSON.stringify(change)).toBe(422);
      expect(body.error).toMatch(message);
    }
  });

  it('takes instances by input name on /predict and answers raw tensors', async () => {
    const instance = { f64: [1, 2], i32: [3, 4], i64: [5, 6], u8: [7, 8], b: [true, false], s: ['x'] };
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances: [instance, instance] });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.predictions).toHaveLength(2);
    expect(body.predictions[1].outputs.f64_out).toEqual({ dtype: 'float64', shape: [2], data: [2, 4] });
    expect(body.predictions[0].outputs.s_out.data).toEqual(['x']);
    const missing = await server.postJson(`${server.url}/predict`, { instances: [{ f64: [1, 2] }] });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/missing input "i32"/);
  });
});

describe('a model with a fixed batch of one', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await serveModel('fixed.onnx');
  });

  it('runs each instance in its own call, natively and over V2', async () => {
    const { body } = await server.postJson(`${server.url}/predict`, { instances: [[[1, 2, 3, 4]], [[0, 0, 0, 0]]] });
    expect(body.predictions.map((p: { outputs: { y: { data: number[] } } }) => p.outputs.y.data)).toEqual([
      [2, 3, 4, 5],
      [1, 1, 1, 1],
    ]);
    const v2 = await server.postJson(`${server.url}/v2/models/fixed/infer`, {
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 1, 1, 1] }],
    });
    expect(v2.status).toBe(200);
    expect(v2.body.outputs[0]).toEqual({ name: 'y', datatype: 'FP32', shape: [1, 4], data: [2, 2, 2, 2] });
    const wrong = await server.postJson(`${server.url}/v2/models/fixed/infer`, {
      inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data: new Array(8).fill(0) }],
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toContain('[1, 4]');
  });
});

describe('a float16 model', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await serveModel('half.onnx');
  });

  it('takes and answers FP16 as JSON numbers, on /predict and over V2', async () => {
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances: [[0.5, -1.25, 1000]] });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.predictions[0].outputs.h_out).toEqual({ dtype: 'float16', shape: [3], data: [1, -2.5, 2000] });
    const v2 = await server.postJson(`${server.url}/v2/models/half/infer`, {
      inputs: [{ name: 'h', shape: [2, 3], datatype: 'FP16', data: [1, 2, 3, 0.1, 0, -4] }],
    });
    expect(v2.status, JSON.stringify(v2.body)).toBe(200);
    expect(v2.body.outputs[0]).toMatchObject({ name: 'h_out', datatype: 'FP16', shape: [2, 3] });
    // 0.1 is not exact in half precision: 0.0999755859375 doubled.
    expect(v2.body.outputs[0].data).toEqual([2, 4, 6, 0.199951171875, 0, -8]);
  });

  it('takes and answers FP16 as binary data, two bytes a value', async () => {
    const json = Buffer.from(
      JSON.stringify({
        inputs: [{ name: 'h', shape: [1, 3], datatype: 'FP16', parameters: { binary_data_size: 6 } }],
        outputs: [{ name: 'h_out', parameters: { binary_data: true } }],
      }),
    );
    // 1.5, -2 and 0.25 in little-endian half precision.
    const halves = Buffer.from([0x00, 0x3e, 0x00, 0xc0, 0x00, 0x34]);
    const response = await server.fetch(`${server.url}/v2/models/half/infer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Inference-Header-Content-Length': String(json.length) },
      body: new Uint8Array(Buffer.concat([json, halves])),
    });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const length = Number(response.headers.get('inference-header-content-length'));
    const header = JSON.parse(bytes.subarray(0, length).toString('utf8'));
    expect(header.outputs[0]).toMatchObject({ datatype: 'FP16', shape: [1, 3], parameters: { binary_data_size: 6 } });
    // Doubled: 3, -4 and 0.5.
    expect([...bytes.subarray(length)]).toEqual([0x00, 0x42, 0x00, 0xc4, 0x00, 0x38]);
  });

  it('refuses numbers too large for float16 with 422', async () => {
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances: [[1, 2, 70000]] });
    expect(status).toBe(422);
    expect(body.error.message).toMatch(/float16.*70000/);
  });
});
