import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../../main/inference/predictor.ts';
import { prepareTryPage } from '../../main/runtimes/try-page.ts';
import type { ClassPrediction } from '../../main/shared/http-contract.ts';
import { metadataSchema, predictResponseSchema, v2InferResponseSchema, v2ModelMetadataSchema } from '../../main/shared/http-contract.ts';
import { digitSamples, freePort, type Json, digitsProject, instance, pngClaiming } from './helpers.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';

let project: string;
let server: InProcessServer;
let predictor: Predictor;
let samples: [number, Buffer][];

beforeAll(async () => {
  project = await digitsProject();
  // The routes are asked in process (request()); the port is for craneml predict, a client in its own process.
  // The try-it page as craneml serve hands it to the server (main/runtimes/node/index.ts).
  const page = await prepareTryPage();
  [server, predictor, samples] = await Promise.all([
    serveInProcess(project, { listen: true, port: 0, settings: { pageDir: page.dir } }),
    Predictor.open(project),
    digitSamples(),
  ]);
});

afterAll(async () => {
  await server?.shutdown();
  await predictor?.close();
  await rm(project, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => server.fetch(`${server.url}${path}`, init);
const postBody = (path: string, body: BodyInit | Buffer, type: string) =>
  server.fetch(`${server.url}${path}`, { method: 'POST', body: body as BodyInit, headers: { 'Content-Type': type } });

/** The in-process answer for instances, to compare with the server's. */
async function expected(instances: unknown[]): Promise<ClassPrediction[]> {
  return (await predictor.predict(instances.map((i) => predictor.sampleFromInstance(i)))) as ClassPrediction[];
}

function v2Input(rows: number[][][][], datatype = 'FP32') {
  return { name: 'input', shape: [rows.length, 1, 28, 28], datatype, data: rows.flat(3) };
}

describe('health and information endpoints', () => {
  it('answers /healthz and /readyz once the model is warm', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const head = await get('/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('describes the model on /metadata', async () => {
    const meta = metadataSchema.parse(await (await get('/metadata')).json());
    expect(meta.name).toBe('digits');
    expect(meta.inputs[0]).toMatchObject({ name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28] });
    expect(meta.outputs[0]).toMatchObject({ name: 'logits', shape: [-1, 10] });
    expect(meta.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(meta.input).toMatchObject({ kind: 'image', width: 28, height: 28, channels: 1 });
    expect(meta.batching.batchable).toBe(true);
  });

  it('serves the try-it page at /, with its script and style beside it', async () => {
    const response = await get('/');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/page/page.js">');
    expect(html).toContain('href="/page/page.css"');
    for (const file of ['/page/page.js', '/page/page.css']) expect((await get(file)).status, file).toBe(200);
  });

  it('serves an OpenAPI 3.1 document generated from the model, whose references all resolve', async () => {
    const doc = await (await get('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/predict', '/metadata', '/healthz', '/readyz', '/metrics', '/v2', '/v2/models/{name}/infer']),
    );
    const json = doc.paths['/predict'].post.requestBody.content['application/json'];
    // An instance of a fully known shape may be nested or flat (784 values, reshaped by the server).
    const tensors = json.schema.oneOf[0].properties.instances.items;
    expect(tensors.description).toMatch(/nested or flat \(784 values\)/);
    expect(tensors.oneOf).toEqual([
      expect.objectContaining({
        type: 'array',
        minItems: 1,
        maxItems: 1,
        items: expect.objectContaining({ minItems: 28, items: expect.objectContaining({ minItems: 28, items: { type: 'number' } }) }),
      }),
      expect.objectContaining({ type: 'array', minItems: 784, maxItems: 784, items: { type: 'number' } }),
    ]);
    expect(json.examples.instances.value.instances[0][0]).toHaveLength(28);
    expect(Object.keys(doc.paths['/predict'].post.requestBody.content)).toEqual([
      'application/json',
      'multipart/form-data',
      'image/png',
      'image/jpeg',
    ]);
    expect(doc.paths['/predict'].post.responses['200'].content['application/json'].example.predictions[0].top_k).toHaveLength(3);
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(doc.components.schemas[ref.slice(22, -1)], ref).toBeDefined();
  });

  it('serves /docs from the image itself, with no CDN or outside fonts', async () => {
    const page = await get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = await (await get('/docs/docs.js')).text();
    const style = await (await get('/docs/docs.css')).text();
    expect(html).toContain('/docs/docs.js');
    expect(script).toContain('/openapi.json');
    for (const text of [html, script, style]) expect(text).not.toMatch(/https?:\/\//);
  });
});

describe('POST /predict', () => {
  it('answers JSON instances, one prediction each, as the model does in process', async () => {
    const instances = [instance(() => 0), instance((r, c) => (Math.abs(c - 14) < 2 && r > 4 && r < 24 ? 1 : 0))];
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances });
    expect(status).toBe(200);
    const answer = predictResponseSchema.parse(body);
    expect(answer.model).toEqual({ name: 'digits', version: expect.any(String) });
    const want = await expected(instances);
    expect(answer.predictions.map((p) => (p as ClassPrediction).label)).toEqual(want.map((p) => p.label));
    const first = answer.predictions[0] as ClassPrediction;
    expect(first.top_k).toHaveLength(3);
    expect(first.score).toBeCloseTo(want[0]!.score, 5);
  });

  it('reads every sample drawing as a raw image/png body', async () => {
    for (const [digit, png] of samples) {
      const response = await postBody('/predict', png, 'image/png');
      expect(response.status).toBe(200);
      const { predictions } = await response.json();
      expect(predictions[0].label, `${digit}.png`).toBe(String(digit));
    }
  });

  it('reads a raw image/jpeg body', async () => {
    const [digit, png] = samples[7]!;
    const jpeg = await sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 95 }).toBuffer();
    const { predictions } = await (await postBody('/predict', jpeg, 'image/jpeg')).json();
    expect(predictions[0].label).toBe(String(digit));
  });

  it('reads several images from multipart/form-data, answering in order', async () => {
    const form = new FormData();
    const chosen = [samples[3]!, samples[1]!, samples[8]!];
    for (const [digit, png] of chosen) form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), `${digit}.png`);
    form.append('note', 'ignored');
    const response = await server.fetch(`${server.url}/predict`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const { predictions } = await response.json();
    expect(predictions.map((p: ClassPrediction) => p.label)).toEqual(chosen.map(([d]) => String(d)));
  });

  it('reads files from any field of a form with no "image" field, and a picture sent with a generic type', async () => {
    const form = new FormData();
    const [digit, png] = samples[6]!;
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'drawing.png');
    const upload = await server.fetch(`${server.url}/predict`, { method: 'POST', body: form });
    expect(upload.status).toBe(200);
    expect((await upload.json()).predictions[0].label).toBe(String(digit));
    const withEmptyInput = new FormData();
    withEmptyInput.append('attachment', new Blob([]), '');
    withEmptyInput.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'drawing.png');
    const skipped = await server.fetch(`${server.url}/predict`, { method: 'POST', body: withEmptyInput });
    expect(skipped.status).toBe(200);
    expect((await skipped.json()).predictions).toHaveLength(1);
    const empty = new FormData();
    empty.append('note', 'no file here');
    const none = await server.fetch(`${server.url}/predict`, { method: 'POST', body: empty });
    expect(none.status).toBe(422);
    expect((await none.json()).error.message).toMatch(/field "image"/);
    // What curl --data-binary @drawing.png sends without -H, and what generic clients send.
    for (const type of ['application/x-www-form-urlencoded', 'application/octet-stream']) {
      const response = await postBody('/predict', png, type);
      expect(response.status, type).toBe(200);
      expect((await response.json()).predictions[0].label).toBe(String(digit));
    }
    // And what curl -d '{"instances": ...}' sends: JSON under the form type.
    const curlJson = await postBody('/predict', JSON.stringify({ instances: [instance(() => 0)] }), 'application/x-www-form-urlencoded');
    expect(curlJson.status).toBe(200);
    expect((await curlJson.json()).predictions).toHaveLength(1);
    const gif = await postBody('/predict', 'GIF89a....', 'application/octet-stream');
    expect(gif.status).toBe(415);
    expect((await gif.json()).error.message).toMatch(/neither a PNG or JPEG picture nor JSON/);
  });

  it('reads base64 images in JSON, plain or as data: URLs', async () => {
    const [digit, png] = samples[2]!;
    const one = await server.postJson(`${server.url}/predict`, { image: png.toString('base64') });
    expect(one.body.predictions[0].label).toBe(String(digit));
    const [other, png2] = samples[5]!;
    const many = await server.postJson(`${server.url}/predict`, {
      images: [`data:image/png;base64,${png.toString('base64')}`, png2.toString('base64')],
    });
    expect(many.body.predictions.map((p: ClassPrediction) => p.label)).toEqual([String(digit), String(other)]);
  });
});

describe('Open Inference Protocol (V2)', () => {
  it('answers server and model metadata, liveness and readiness', async () => {
    expect(await (await get('/v2')).json()).toEqual({
      name: 'craneml',
      version: expect.any(String),
      extensions: ['binary_tensor_data', 'classification'],
    });
    expect(await (await get('/v2/health/live')).json()).toEqual({ live: true });
    expect(await (await get('/v2/health/ready')).json()).toEqual({ ready: true });
    const meta = v2ModelMetadataSchema.parse(await (await get('/v2/models/digits')).json());
    expect(meta).toMatchObject({
      name: 'digits',
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 1, 28, 28] }],
      outputs: [{ name: 'logits', datatype: 'FP32' }],
    });
    const version = meta.versions[0]!;
    expect((await get(`/v2/models/digits/versions/${version}`)).status).toBe(200);
    expect(await (await get('/v2/models/digits/ready')).json()).toEqual({ name: 'digits', ready: true });
    expect((await get(`/v2/models/digits/versions/${version}/ready`)).status).toBe(200);
  });

  it('infers a batch of two, echoing the id, with the in-process logits', async () => {
    const rows = [instance(() => 0), instance((r, c) => (r === c ? 1 : 0))];
    const { status, body } = await server.postJson(`${server.url}/v2/models/digits/infer`, { id: 'req-42', inputs: [v2Input(rows)] });
    expect(status).toBe(200);
    const answer = v2InferResponseSchema.parse(body);
    expect(answer).toMatchObject({ model_name: 'digits', id: 'req-42' });
    expect(answer.outputs).toHaveLength(1);
    expect(answer.outputs[0]).toMatchObject({ name: 'logits', datatype: 'FP32', shape: [2, 10] });
    const local = await predictor.runSamples(rows.map((r) => predictor.sampleFromInstance(r)));
    const data = answer.outputs[0]!.data as number[];
    local.forEach((out, i) => Array.from(out.logits!.data as Float32Array).forEach((v, j) => expect(data[i * 10 + j]).toBeCloseTo(v, 4)));
  });

  it('accepts the versioned path, an outputs filter and FP64 data for an FP32 input', async () => {
    const version = (await (await get('/metadata')).json()).version;
    const { status, body } = await server.postJson(`${server.url}/v2/models/digits/versions/${version}/infer`, {
      inputs: [v2Input([instance(() => 0.5)], 'FP64')],
      outputs: [{ name: 'logits' }],
    });
    expect(status).toBe(200);
    expect(body.outputs[0].shape).toEqual([1, 10]);
    expect(body.model_version).toBe(version);
  });
});

describe('metrics', () => {
  it('exposes requests, errors, latency, batch sizes and queue depth as Prometheus text', async () => {
    await get('/no-such-path');
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/craneml_requests_total\{route="\/predict",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/craneml_request_errors_total\{route="unmatched",code="NOT_FOUND"\} \d+/);
    expect(text).toMatch(/craneml_request_duration_seconds_bucket\{le="[\d.]+",route="\/predict"\}/);
    expect(text).toMatch(/craneml_batch_size_bucket\{le="1"\} \d+/);
    expect(text).toMatch(/craneml_queue_depth 0/);
    expect(text).toMatch(/craneml_model_ready 1/);
  });
});

describe('client errors', () => {
  const native = (body: Json) => expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });

  it('400 for malformed JSON and for JSON of the wrong form', async () => {
    for (const body of ['{"instances": [', '{"instances": 3}', '{}', '[1,2]', '{"instances": [], "image": "x"}']) {
      const response = await server.postJson(`${server.url}/predict`, body);
      expect(response.status, body).toBe(400);
      native(response.body);
      expect(response.body.error.code).toBe('BAD_REQUEST');
    }
    const v2 = await server.postJson(`${server.url}/v2/models/digits/infer`, { inputs: [{ name: 'input', shape: 'x' }] });
    expect(v2.status).toBe(400);
    expect(v2.body).toEqual({ error: expect.stringMatching(/shape/) });
  });

  it('404 for unknown paths and for an unknown model or version on V2 paths', async () => {
    const plain = await get('/nope');
    expect(plain.status).toBe(404);
    native(await plain.json());
    for (const path of ['/v2/models/other', '/v2/models/other/infer', '/v2/models/digits/versions/0.0.0-nope', '/v2/models/other/ready']) {
      const response = await (path.endsWith('infer')
        ? server.postJson(`${server.url}${path}`, { inputs: [v2Input([instance(() => 0)])] })
        : get(path).then(async (r) => ({ status: r.status, body: await r.json() })));
      expect(response.status, path).toBe(404);
      expect(response.body, path).toEqual({ error: expect.any(String) });
    }
  });

  it('405 with Allow for a wrong method, in each API style', async () => {
    const predict = await get('/predict');
    expect(predict.status).toBe(405);
    expect(predict.headers.get('allow')).toBe('POST, OPTIONS');
    native(await predict.json());
    const health = await server.fetch(`${server.url}/healthz`, { method: 'DELETE' });
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    // OPTIONS lists what each endpoint answers, not every method the server knows.
    for (const [path, allow] of [
      ['/metadata', 'GET, HEAD, OPTIONS'],
      ['/v2/models/digits/infer', 'POST, OPTIONS'],
    ]) {
      const options = await server.fetch(`${server.url}${path}`, { method: 'OPTIONS' });
      expect(options.status, path).toBe(204);
      expect(options.headers.get('allow'), path).toBe(allow);
    }
    const infer = await get('/v2/models/digits/infer');
    expect(infer.status).toBe(405);
    expect(await infer.json()).toEqual({ error: expect.any(String) });
  });

  it('413 for a body over the limit and for an image over the pixel limit', async () => {
    const big = await postBody('/predict', Buffer.alloc(11 * 1024 * 1024, 0x20), 'application/json');
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('INPUT_TOO_LARGE');
    const bomb = await postBody('/predict', pngClaiming(100_000, 100_000), 'image/png');
    expect(bomb.status).toBe(413);
    expect((await bomb.json()).error.message).toMatch(/100000x100000/);
  });

  it('415 for unsupported media types', async () => {
    for (const [type, body] of [
      ['text/plain', 'hello'],
      ['image/gif', 'GIF89a'],
      ['application/x-www-form-urlencoded', 'a=b'],
      ['application/octet-stream', 'not a picture'],
    ] as const) {
      const response = await postBody('/predict', body, type);
      expect(response.status, type).toBe(415);
      expect((await response.json()).error.code).toBe('UNSUPPORTED_MEDIA');
    }
    const v2 = await postBody('/v2/models/digits/infer', 'x', 'text/plain');
    expect(v2.status).toBe(415);
  });

  it('422 naming the expected shape for a wrong shape, and for a wrong dtype', async () => {
    const shape = await server.postJson(`${server.url}/predict`, { instances: [[[1, 2, 3]]] });
    expect(shape.status).toBe(422);
    expect(shape.body.error).toEqual({ code: 'INPUT_INVALID', message: expect.stringContaining('[1, 28, 28]') });
    const dtype = await server.postJson(`${server.url}/predict`, {
      instances: [instance(() => 0).map((rows) => rows.map((row) => row.map(() => 'a')))],
    });
    expect(dtype.status).toBe(422);
    expect(dtype.body.error.message).toMatch(/float32/);
    const v2Shape = await server.postJson(`${server.url}/v2/models/digits/infer`, {
      inputs: [{ name: 'input', shape: [1, 784], datatype: 'FP32', data: new Array(784).fill(0) }],
    });
    expect(v2Shape.status).toBe(422);
    expect(v2Shape.body.error).toContain('[-1, 1, 28, 28]');
    const v2Type = await server.postJson(`${server.url}/v2/models/digits/infer`, {
      inputs: [{ ...v2Input([instance(() => 0)]), datatype: 'BYTES' }],
    });
    expect(v2Type.status).toBe(422);
    expect(v2Type.body.error).toMatch(/BYTES.*FP32/);
    const truncated = await postBody('/predict', samples[0]![1].subarray(0, samples[0]![1].length >> 1), 'image/png');
    expect([415, 422]).toContain(truncated.status);
  });

  it('is still ready after all of that', async () => {
    expect((await get('/readyz')).status).toBe(200);
  });
});

describe('craneml predict <url>', () => {
  it('sends images to /predict and prints each answer', async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const { DIGITS } = await import('./helpers.ts');
    const result = await runCli(['predict', server.url, '--image', `${DIGITS}/samples/3.png`, `${DIGITS}/samples/6.png`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^3\.png: 3 /m);
    expect(result.stdout).toMatch(/^6\.png: 6 /m);
  });

  it("talks V2 with --v2, encoding images through the server's codec locally", async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const { DIGITS } = await import('./helpers.ts');
    const result = await runCli(['predict', server.url, '--v2', '--image', `${DIGITS}/samples/4.png`, '-o', 'json']);
    expect(result.code).toBe(0);
    const answer = predictResponseSchema.parse(JSON.parse(result.stdout));
    expect((answer.predictions[0] as ClassPrediction).label).toBe('4');
  });

  it('sends JSON instances natively and over V2', async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const input = JSON.stringify({ instances: [instance(() => 0)] });
    const [want] = await expected([instance(() => 0)]);
    for (const args of [[], ['--v2']]) {
      const result = await runCli(['predict', server.url, '--json', '-', ...args], { input });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^instance 0: ${want!.label} `, 'm'));
    }
  });

  it("exits 2 with the server's message for a rejected input, and when nothing listens", async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const bad = await runCli(['predict', server.url, '--json', '-'], { input: '{"instances": [[1, 2]]}' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/422.*\[1, 28, 28\]/);
    const { DIGITS } = await import('./helpers.ts');
    const gone = await runCli(['predict', `http://127.0.0.1:${await freePort()}`, '--image', `${DIGITS}/samples/1.png`]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/connection refused/);
  });
});
