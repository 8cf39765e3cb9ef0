/**
 * The Python runtime's HTTP server (templates/runtime-python/craneml_runtime), spawned as the image
 * runs it and asked over real HTTP: the Node runtime's routes, bodies, codes and limits, a predict
 * that raises or hangs, a set-up that fails, batching, and the SIGTERM drain.
 */
import { request } from 'node:http';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema, metadataSchema, v2InferResponseSchema, v2ModelMetadataSchema } from '../../main/shared/http-contract.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { COLUMNS, runtimePython, startPython, until, waitReady, writeProject, type PythonServer } from './server-helpers.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let python = '';
let work: TempDir;
let table: string;
let server: PythonServer;

beforeAll(async () => {
  python = await runtimePython();
  work = await tempDir('python-server');
  table = await writeProject(path.join(work.path, '.'));
  server = await startPython(python, table);
  await waitReady(server);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await work?.remove();
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return errorBodySchema.parse(await response.json()).error;
}

/** The value of one sample line of Prometheus text, e.g. 'craneml_batch_size_bucket{le="4"}'. */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : Number.NaN;
}

describe('python runtime: health, metadata, docs', () => {
  it('answers /healthz and /readyz once set up and warmed', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    expect(server.stdout()).toContain('"msg": "model loaded"');
  });

  it('describes the model in the shape of the contract, as the Python runtime', async () => {
    const metadata = metadataSchema.parse(await (await fetch(`${server.url}/metadata`)).json());
    expect(metadata.runtime.name).toBe('craneml-python');
    expect(metadata).toMatchObject({ name: 'doubler', version: '1.2.0', format: 'python', task: 'regression' });
    expect(metadata.batching.batchable).toBe(true);
    expect(metadata.input).toMatchObject({ kind: 'table', columns: COLUMNS });
    expect(metadata.inputs.map((i) => [i.name, i.dtype])).toEqual([
      ['x', 'float64'],
      ['name', 'string'],
      ['count', 'int64'],
    ]);
  });

  it('documents every column in /openapi.json: type, description, bounds, default and an example row', async () => {
    const doc: Json = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const body = doc.paths['/predict'].post.requestBody.content;
    const row = body['application/json'].schema.properties.instances.items.oneOf[0];
    expect(Object.keys(row.properties)).toEqual(['x', 'name', 'count']);
    expect(row.properties.x).toMatchObject({ minimum: 0, maximum: 100, examples: [1.5] });
    expect(row.properties.x.description).toContain('How far, in metres');
    expect(row.properties.name).toMatchObject({ type: 'string', default: 'a' });
    expect(row.required).toEqual(['x']);
    expect(body['application/json'].examples.instances.value).toEqual({ instances: [{ x: 1.5, name: 'a', count: 1 }] });
    expect(body['text/csv'].example).toBe('x,name,count\r\n1.5,a,1\r\n');
    expect(doc.components.schemas.Metadata.properties.runtime).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/metrics', '/v2/models/{name}/infer', '/readyz']));
  });

  it('serves /docs (its script and style from itself) and a status page at /', async () => {
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await docs.text()).toContain('<script src="/docs/docs.js">');
    expect((await fetch(`${server.url}/docs/docs.js`)).status).toBe(200);
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain('doubler <small>1.2.0</small>');
    expect(page).toContain('Status: <strong id="status">ready</strong>');
    expect(page).toContain('Served by the Python runtime because: it is Python');
  });
});

describe('python runtime: POST /predict', () => {
  it('takes rows by column name and in column order, a missing column taking its default', async () => {
    const response = await post(`${server.url}/predict`, { instances: [{ x: 1 }, { x: 2, name: 'b', count: 3 }, [3, 'c', 2]] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      predictions: [{ value: 2 }, { value: 4 }, { value: 6 }],
      model: { name: 'doubler', version: '1.2.0' },
    });
  });

  it('refuses unknown and missing columns, naming them', async () => {
    const response = await post(`${server.url}/predict`, { instances: [{ name: 'b', X: 1 }] });
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toEqual({ code: 'INPUT_INVALID', message: 'missing column "x"; unknown column "X"' });
  });

  it('refuses a word in a number column and a value out of bounds, naming the column and the row', async () => {
    const word = await post(`${server.url}/predict`, { instances: [{ x: 1 }, { x: 'far' }] });
    expect(word.status).toBe(422);
    expect((await errorOf(word)).message).toBe('instance 1: column "x" expects a number, got "far"');
    const csv = await post(`${server.url}/predict`, 'x,name\n1,a\n2,b\nfar,c\n', { 'Content-Type': 'text/csv' });
    expect((await errorOf(csv)).message).toBe('line 4: column "x" expects a number, got "far"');
    const bound = await post(`${server.url}/predict`, { instances: [{ x: 101 }] });
    expect((await errorOf(bound)).message).toBe('column "x" must be at most 100, got 101');
    const fraction = await post(`${server.url}/predict`, { instances: [{ x: 1, count: 1.5 }] });
    expect((await errorOf(fraction)).message).toBe('column "count" expects an integer, got 1.5');
  });

  it('takes CSV with a header and answers CSV: the rows as sent, then the prediction', async () => {
    const response = await post(`${server.url}/predict`, 'id,x,name\r\n7,1,a\r\n8,2.5,"b, c"\r\n', {
      'Content-Type': 'text/csv',
      Accept: 'text/csv',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('vary')).toBe('Accept');
    expect(await response.text()).toBe('id,x,name,value\r\n7,1,a,2\r\n8,2.5,"b, c",5\r\n');
    const json = await post(`${server.url}/predict`, { instances: [{ x: 1 }] }, { Accept: 'text/csv' });
    expect(await json.text()).toBe('x,name,count,value\r\n1,,,2\r\n');
  });

  it('answers the contract error bodies: 400, 404, 405, 413, 415', async () => {
    const cases: [Response, number, string][] = [
      [await post(`${server.url}/predict`, '{"instances": [1,'), 400, 'BAD_REQUEST'],
      [await post(`${server.url}/predict`, { rows: [] }), 400, 'BAD_REQUEST'],
      [await fetch(`${server.url}/nowhere`), 404, 'NOT_FOUND'],
      [await fetch(`${server.url}/predict`), 405, 'METHOD_NOT_ALLOWED'],
      [await post(`${server.url}/predict`, { instances: [{ x: 1, name: 'n'.repeat(5000) }] }), 413, 'INPUT_TOO_LARGE'],
      [await post(`${server.url}/predict`, 'x', { 'Content-Type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA'],
      [await post(`${server.url}/predict`, { instances: [] }), 422, 'INPUT_INVALID'],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect((await errorOf(response)).code).toBe(code);
    }
    expect((await fetch(`${server.url}/predict`)).headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('answers 500 naming the exception for the failing caller only, and stays up', async () => {
    const [failing, fine] = await Promise.all([
      post(`${server.url}/predict`, { instances: [{ x: 1, name: 'boom' }] }),
      post(`${server.url}/predict`, { instances: [{ x: 4 }] }),
    ]);
    expect(failing.status).toBe(500);
    expect(await errorOf(failing)).toEqual({ code: 'INTERNAL', message: 'ValueError: unlucky row' });
    expect(await fine.json()).toMatchObject({ predictions: [{ value: 8 }] });
    expect((await post(`${server.url}/predict`, { instances: [{ x: 5 }] })).status).toBe(200);
  });

  it('refuses a gap the model answers without a number, or fails on, naming the row and column (422)', async () => {
    const unanswered = await post(`${server.url}/predict`, { instances: [{ x: 1 }, { x: null }] });
    expect(unanswered.status).toBe(422);
    expect((await errorOf(unanswered)).message).toBe(
      'instance 1: the model gives no score for a row with a gap ("x" empty): it has no step that fills gaps, so give every column a value',
    );
    const failed = await post(`${server.url}/predict`, { instances: [{ x: null, name: 'boom' }] });
    expect(failed.status).toBe(422);
    expect((await errorOf(failed)).message).toBe(
      'the model gives no score for a row with a gap ("x" empty): it has no step that fills gaps, so give every column a value (the model said: ValueError: unlucky row)',
    );
    const fromCsv = await fetch(`${server.url}/predict`, {
      method: 'POST',
      body: 'x,name\n2,a\n,b\n',
      headers: { 'Content-Type': 'text/csv' },
    });
    expect((await errorOf(fromCsv)).message).toMatch(/^CSV row 2: the model gives no score for a row with a gap \("x" empty\)/);
  });

  it("answers 422 with scikit-learn's words when its input check refuses a value", async () => {
    const refused = await post(`${server.url}/predict`, { instances: [{ x: 1, name: 'too-large' }] });
    expect(refused.status).toBe(422);
    expect(await errorOf(refused)).toEqual({
      code: 'INPUT_INVALID',
      message: "the model cannot take a value in this request: Input X contains infinity or a value too large for dtype('float32').",
    });
  });

  it('answers CSV for a string holding a lone surrogate, written as U+FFFD as the Node runtime writes it', async () => {
    const response = await fetch(`${server.url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ instances: [{ x: 1, name: 'a\ud800b' }] }),
      headers: { 'Content-Type': 'application/json', Accept: 'text/csv' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('a\ufffdb');
  });

  it('joins the rows of concurrent requests into one model call', async () => {
    await rm(path.join(table, 'go'), { force: true });
    await rm(path.join(table, 'waiting'), { force: true });
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const blocker = post(`${server.url}/predict`, { instances: [{ x: 0, name: 'wait' }] });
    await until('the first call to run', () => existsSync(path.join(table, 'waiting')));
    const queued = Array.from({ length: 8 }, (_, i) => post(`${server.url}/predict`, { instances: [{ x: i }] }));
    await until('8 rows queued', async () => sample(await (await fetch(`${server.url}/metrics`)).text(), 'craneml_queue_depth') === 8);
    await writeFile(path.join(table, 'go'), '');
    const answers = await Promise.all(queued.map(async (r) => (await (await r).json()) as Json));
    expect(answers.map((a) => a.predictions[0].value)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect((await blocker).status).toBe(200);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const eights = (text: string): number =>
      sample(text, 'craneml_batch_size_bucket{le="8"}') - sample(text, 'craneml_batch_size_bucket{le="4"}');
    expect(eights(after) - eights(before)).toBe(1);
    await rm(path.join(table, 'go'));
  });
  it('refuses rows past max_queue with 503 OVERLOADED and Retry-After while the model is busy', async () => {
    await rm(path.join(table, 'go'), { force: true });
    await rm(path.join(table, 'waiting'), { force: true });
    const blocker = post(`${server.url}/predict`, { instances: [{ x: 0, name: 'wait' }] });
    await until('the first call to run', () => existsSync(path.join(table, 'waiting')));
    const rows = (count: number): unknown => ({ instances: Array.from({ length: count }, (_, i) => ({ x: i })) });
    const queued = post(`${server.url}/predict`, rows(40));
    await until('40 rows queued', async () => sample(await (await fetch(`${server.url}/metrics`)).text(), 'craneml_queue_depth') === 40);
    const refused = await post(`${server.url}/predict`, rows(30));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await errorOf(refused)).toEqual({ code: 'OVERLOADED', message: 'the server is busy (40 samples queued); retry shortly' });
    await writeFile(path.join(table, 'go'), '');
    expect((await queued).status).toBe(200);
    expect((await blocker).status).toBe(200);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(text, 'craneml_rejected_overload_total')).toBe(1);
    await rm(path.join(table, 'go'));
  });

  it('logs each request as one JSON line', async () => {
    await post(`${server.url}/predict`, { instances: [{ x: 1 }, { x: 2 }] }, { 'X-Request-Id': 'log-check-1' });
    await until('the request logged', () => server.stdout().includes('"id": "log-check-1"'));
    const line = server
      .stdout()
      .split('\n')
      .find((l) => l.includes('"id": "log-check-1"'))!;
    expect(JSON.parse(line)).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/predict',
      route: '/predict',
      status: 200,
      samples: 2,
    });
  });
});

describe('python runtime: Open Inference Protocol', () => {
  const infer = (): string => `${server.url}/v2/models/doubler/infer`;

  it('describes the model by its columns', async () => {
    const meta = v2ModelMetadataSchema.parse(await (await fetch(`${server.url}/v2/models/doubler`)).json());
    expect(meta.inputs).toEqual([
      { name: 'x', datatype: 'FP64', shape: [-1, 1] },
      { name: 'name', datatype: 'BYTES', shape: [-1, 1] },
      { name: 'count', datatype: 'INT64', shape: [-1, 1] },
    ]);
    expect((await fetch(`${server.url}/v2/models/other`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/v2`)).json()).toMatchObject({ name: 'craneml-python', extensions: ['binary_tensor_data'] });
  });

  it('infers from one input per column and from one [N, columns] tensor', async () => {
    const columns = await post(infer(), {
      id: 'a',
      inputs: [
        { name: 'x', shape: [2, 1], datatype: 'FP64', data: [1, 2] },
        { name: 'name', shape: [2], datatype: 'BYTES', data: ['p', 'q'] },
      ],
    });
    const answer = v2InferResponseSchema.parse(await columns.json());
    expect(answer).toMatchObject({
      model_name: 'doubler',
      id: 'a',
      outputs: [{ name: 'value', datatype: 'FP64', shape: [2], data: [2, 4] }],
    });
    const tensor = await post(infer(), {
      inputs: [
        {
          name: 'rows',
          shape: [2, 3],
          datatype: 'BYTES',
          data: [
            ['1', 'p', '1'],
            ['3', 'q', '2'],
          ],
        },
      ],
    });
    expect((await tensor.json()).outputs[0].data).toEqual([2, 6]);
    const short = await post(infer(), { inputs: [{ name: 'rows', shape: [1, 2], datatype: 'FP64', data: [1, 2] }] });
    expect((await short.json()).error).toBe(
      'the model has no column "rows"; its columns are "x", "name", "count", or send one [N, 3] tensor in that order',
    );
    const wrong = await post(infer(), { inputs: [{ name: 'x', shape: [1], datatype: 'BYTES', data: ['far'] }] });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toEqual({
      error:
        'column "x" (number) has datatype BYTES; send FP16 or FP32 or FP64 or INT8 or INT16 or INT32 or INT64 or UINT8 or UINT16 or UINT32 or UINT64',
    });
  });

  it('reads and writes the binary tensor data extension', async () => {
    const x = Buffer.alloc(16);
    x.writeDoubleLE(1.5, 0);
    x.writeDoubleLE(4, 8);
    const header = Buffer.from(
      JSON.stringify({
        inputs: [{ name: 'x', shape: [2], datatype: 'FP64', parameters: { binary_data_size: 16 } }],
        outputs: [{ name: 'value', parameters: { binary_data: true } }],
      }),
    );
    const response = await fetch(infer(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Inference-Header-Content-Length': String(header.length) },
      body: Buffer.concat([header, x]),
    });
    expect(response.status).toBe(200);
    const length = Number(response.headers.get('inference-header-content-length'));
    const bytes = Buffer.from(await response.arrayBuffer());
    const head = JSON.parse(bytes.subarray(0, length).toString());
    expect(head.outputs).toEqual([{ name: 'value', datatype: 'FP64', shape: [2], parameters: { binary_data_size: 16 } }]);
    expect([bytes.readDoubleLE(length), bytes.readDoubleLE(length + 8)]).toEqual([3, 8]);
  });
});

describe('python runtime: metrics', () => {
  it('exports the Node runtime metric names', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      'craneml_requests_total',
      'craneml_request_errors_total',
      'craneml_request_duration_seconds_bucket',
      'craneml_batch_size_bucket',
      'craneml_inference_duration_seconds_bucket',
      'craneml_queue_wait_seconds_bucket',
      'craneml_rejected_overload_total',
      'craneml_queue_depth',
      'craneml_model_ready',
      'craneml_process_cpu_seconds_total',
      'craneml_process_resident_memory_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    }
    expect(text).toContain('craneml_requests_total{route="/predict",method="POST",status="200"}');
    expect(text).toContain('craneml_request_errors_total{route="/predict",code="INPUT_INVALID"}');
    expect(sample(text, 'craneml_model_ready')).toBe(1);
  });
});

describe('python runtime: API key, CORS and a model call that hangs', () => {
  let keyed: PythonServer;
  beforeAll(async () => {
    keyed = await startPython(python, table, {
      CRANEML_API_KEY: 'sesame',
      CRANEML_CORS_ORIGINS: 'https://app.example',
      CRANEML_DEADLINE_MS: '1500',
    });
    await waitReady(keyed);
  }, 120_000);
  afterAll(async () => {
    expect(await keyed?.stop()).toBe(0);
  });

  it('asks for the key except on health checks and docs, by Bearer or X-API-Key', async () => {
    const refused = await post(`${keyed.url}/predict`, { instances: [{ x: 1 }] });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await errorOf(refused)).code).toBe('UNAUTHORIZED');
    expect((await post(`${keyed.url}/predict`, { instances: [{ x: 1 }] }, { Authorization: 'Bearer sesame' })).status).toBe(200);
    expect((await post(`${keyed.url}/predict`, { instances: [{ x: 1 }] }, { 'X-API-Key': 'sesame' })).status).toBe(200);
    expect((await post(`${keyed.url}/predict`, { instances: [{ x: 1 }] }, { 'X-API-Key': 'sesam' })).status).toBe(401);
    expect((await fetch(`${keyed.url}/metadata`)).status).toBe(401);
    for (const open of ['/healthz', '/readyz', '/docs', '/v2/health/ready']) expect((await fetch(`${keyed.url}${open}`)).status).toBe(200);
  });

  it('answers a CORS preflight for an allowed origin only', async () => {
    const allowed = await fetch(`${keyed.url}/predict`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('X-API-Key');
    const other = await fetch(`${keyed.url}/predict`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a call past the deadline 504, replaces the stuck worker, and serves the next request', async () => {
    const hung = await post(`${keyed.url}/predict`, { instances: [{ x: 1, name: 'hang' }] }, { 'X-API-Key': 'sesame' });
    expect(hung.status).toBe(504);
    expect(await errorOf(hung)).toEqual({
      code: 'INTERNAL',
      message: 'the model did not answer within the deadline of 1.5 s; its worker is stopped and replaced',
    });
    await until('the worker replaced', () => keyed.stdout().includes('"msg": "model worker replaced"'));
    const next = await post(`${keyed.url}/predict`, { instances: [{ x: 21 }] }, { 'X-API-Key': 'sesame' });
    expect(await next.json()).toMatchObject({ predictions: [{ value: 42 }] });
  });
});

describe('python runtime: rows without declared columns', () => {
  it('hands JSON rows over as sent and CSV cells that read as numbers as numbers', async () => {
    await using dir = await tempDir('python-rows');
    await writeProject(dir.path, { columns: false, server: { max_body_bytes: 2 * 1024 * 1024 } });
    const rows = await startPython(python, dir.path);
    try {
      await waitReady(rows);
      const json = await post(`${rows.url}/predict`, { instances: [{ x: 2 }, 'text', [1, 2]] });
      expect((await json.json()).predictions).toEqual([{ value: 4 }, { echo: 'text' }, { echo: [1, 2] }]);
      const csv = await post(`${rows.url}/predict`, 'x,label\n3,7\n0.5,b\n', { 'Content-Type': 'text/csv' });
      expect((await csv.json()).predictions).toEqual([{ value: 6 }, { value: 1 }]);
      const metadata = metadataSchema.parse(await (await fetch(`${rows.url}/metadata`)).json());
      expect(metadata.inputs).toEqual([{ name: 'rows', dtype: 'string', shape: [-1] }]);
      // Rows and answers larger than the socket's buffer reach the worker and come back whole.
      const long = 'm'.repeat(600_000);
      const big = await post(`${rows.url}/predict`, { instances: [long] });
      expect((await big.json()).predictions).toEqual([{ echo: long }]);
    } finally {
      await rows.stop();
    }
  });
});

describe('python runtime: a Cog project, unchanged', () => {
  it("serves /predict and Cog's own POST /predictions, one row a call, a lone surrogate escaped", async () => {
    await using dir = await tempDir('python-cog');
    const project = path.join(dir.path, 'project');
    const init = await runCli(['init', path.resolve('test/fixtures/python-projects/e2e-cog'), '-o', project]);
    expect(init.code, init.stderr).toBe(0);
    const cog = await startPython(python, project);
    try {
      await waitReady(cog);
      const metadata = metadataSchema.parse(await (await fetch(`${cog.url}/metadata`)).json());
      expect(metadata.batching.batchable).toBe(false);
      const rows = [{ text: 'hi' }, { text: 'yo', repeat: 2, style: 'brackets' }, { text: 'ab' }, { text: 'cd', shout: true }];
      const answers = await Promise.all(
        rows.map(async (row) => (await (await post(`${cog.url}/predict`, { instances: [row] })).json()) as Json),
      );
      expect(answers.map((a) => a.predictions[0])).toEqual(['hi 0.0997', '[yo yo] 0.0997', 'ab 0.0997', 'CD 0.0997']);
      const metrics = await (await fetch(`${cog.url}/metrics`)).text();
      expect(sample(metrics, 'craneml_batch_size_sum')).toBe(sample(metrics, 'craneml_batch_size_count'));
      const predictions = await post(`${cog.url}/predictions`, { input: { text: 'hi', shout: true } });
      expect(await predictions.json()).toMatchObject({ output: 'HI 0.0997', status: 'succeeded' });
      // A lone surrogate (no UTF-8 holds it) comes back escaped, not as a 500.
      const lone = await post(`${cog.url}/predictions`, { id: 'id\ud800', input: { text: 'a\ud800' } });
      expect(lone.status).toBe(200);
      expect(await lone.json()).toMatchObject({ id: 'id\ud800', output: 'a\ud800 0.0997', status: 'succeeded' });
      const bound = await post(`${cog.url}/predict`, { instances: [{ text: 'hi', repeat: 9 }] });
      expect(bound.status).toBe(422);
      expect((await errorOf(bound)).message).toBe('column "repeat" must be at most 5, got 9');
    } finally {
      await cog.stop();
    }
  });
});

describe('python runtime: a Cog input that may be left out', () => {
  it('answers with None for an Optional input left out or null, and with the value when given', async () => {
    await using dir = await tempDir('python-cog-optional');
    const project = path.join(dir.path, 'project');
    const init = await runCli(['init', path.resolve('test/fixtures/python-projects/adapters-cog'), '-o', project]);
    expect(init.code, init.stderr).toBe(0);
    // The predictor writes its answer next to the input's temp file: keep both in this test's folder.
    const scratch = path.join(dir.path, 'tmp');
    await mkdir(scratch);
    const cog = await startPython(python, project, { TMPDIR: scratch });
    try {
      await waitReady(cog);
      const document = `data:text/plain;base64,${Buffer.from('Hi').toString('base64')}`;
      const answer = async (row: Record<string, unknown>): Promise<string> => {
        const response = await post(`${cog.url}/predict`, { instances: [{ document, ...row }] });
        expect(response.status).toBe(200);
        const url = ((await response.json()) as Json).predictions[0] as string;
        return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString();
      };
      expect(await answer({})).toBe('HI HI 0.50');
      expect(await answer({ note: null })).toBe('HI HI 0.50');
      expect(await answer({ note: 'n' })).toBe('HI HI 0.50 (n)');
      const openapi = JSON.stringify(await (await fetch(`${cog.url}/openapi.json`)).json());
      expect(openapi).toContain('"required":["document"]');
    } finally {
      await cog.stop();
    }
  });
});

describe('python runtime: lifecycle', () => {
  it('exits 1 with the last line of a failing set-up on stderr', async () => {
    await using dir = await tempDir('python-setup');
    await writeProject(dir.path);
    await writeFile(path.join(dir.path, 'fail-setup'), '');
    const failing = await startPython(python, dir.path);
    expect(await failing.exited).toBe(1);
    expect(failing.stderr().trim().split('\n').at(-1)).toBe('error: ValueError: no weights in model.bin');
  });

  it('says 503 until set up, then drains on SIGTERM: the request in flight answered with Connection: close, exit 0', async () => {
    await using dir = await tempDir('python-drain');
    await writeProject(dir.path);
    await writeFile(path.join(dir.path, 'hold-setup'), '');
    const life = await startPython(python, dir.path);
    try {
      await until('/healthz', async () => (await fetch(`${life.url}/healthz`).catch(() => undefined))?.status === 200);
      const loading = await fetch(`${life.url}/readyz`);
      expect(loading.status).toBe(503);
      expect(loading.headers.get('retry-after')).toBe('1');
      expect(await loading.json()).toEqual({ status: 'loading' });
      const early = await post(`${life.url}/predict`, { instances: [{ x: 1 }] });
      expect(early.status).toBe(503);
      expect((await errorOf(early)).code).toBe('NOT_READY');
      await rm(path.join(dir.path, 'hold-setup'));
      await waitReady(life);

      const inFlight = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        const req = request(`${life.url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ instances: [{ x: 3, name: 'wait' }] }));
      });
      await until('the call to run', () => existsSync(path.join(dir.path, 'waiting')));
      life.child.kill('SIGTERM');
      await until('the drain to start', () => life.stdout().includes('draining'));
      await writeFile(path.join(dir.path, 'go'), '');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.connection).toBe('close');
      expect(JSON.parse(answer.body).predictions).toEqual([{ value: 6 }]);
      expect(await life.exited).toBe(0);
    } finally {
      await life.stop('SIGKILL');
    }
  });
});
