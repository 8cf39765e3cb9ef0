/**
 * Image work off the event loop (issue 11): health answers while heavy pictures decode, load past
 * capacity is shed with Retry-After, stalled uploads do not starve other clients, and pictures
 * are refused or cut off by their header and the request deadline.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, runLoad } from '../bench/load.ts';
import { NODE_HEALTH_CHECK } from '../../main/runtimes/node/facts.ts';
import { heavyPng, pollHealth } from '../helpers/heavy-images.ts';
import { digitSamples, digitsProject, pngClaiming, serve, type Served } from './helpers.ts';

const projects: string[] = [];
const servers: Served[] = [];
let heavy: Buffer;
let drawing: Buffer;
/** A probe fails as the image's own HEALTHCHECK would count it: no 200 within its timeout. */
const PROBE_TIMEOUT_MS = NODE_HEALTH_CHECK.timeoutS * 1000;

beforeAll(async () => {
  heavy = await heavyPng(4000);
  drawing = (await digitSamples())[0]![1];
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(projects.map((p) => rm(p, { recursive: true, force: true })));
});

async function start(env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const project = await digitsProject();
  projects.push(project);
  const server = await serve(project, { env: { CRANEML_LOG: 'off', ...env } });
  servers.push(server);
  return server;
}

function postPng(url: string, body: Buffer): Promise<Response> {
  return fetch(`${url}/predict`, { method: 'POST', body: new Uint8Array(body), headers: { 'Content-Type': 'image/png' } });
}

/** Peak resident memory of a process, from /proc (Linux). */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : NaN;
}

/** A shed answer: 503 (or 429) with a Retry-After of whole seconds. */
function expectShed(response: Response): void {
  expect([429, 503]).toContain(response.status);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
}

describe('image work with default limits', () => {
  let server: Served;
  beforeAll(async () => {
    server = await start();
  });

  it('answers every /healthz probe in time while eight heavy-but-allowed pictures are in flight', async () => {
    const health = pollHealth(`${server.url}/healthz`, PROBE_TIMEOUT_MS);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => postPng(server.url, heavy)));
    const heavyMs = performance.now() - started;
    const probes = await health.stop();
    let answered = 0;
    for (const response of answers) {
      if (response.status === 200) {
        expect((await response.json()).predictions[0].label).toBe('0');
        answered++;
      } else expectShed(response);
    }
    console.log(
      `8 heavy 4000x4000 PNGs: ${answered} answered in ${heavyMs.toFixed(0)} ms; /healthz ${probes.probes} probes, worst ${probes.worstMs.toFixed(0)} ms; peak RSS ${peakRssMb(server.child.pid!).toFixed(0)} MB`,
    );
    expect(answered).toBeGreaterThan(0);
    expect(probes.probes).toBeGreaterThan(0);
    expect(probes.failed).toEqual([]);
  });

  // Before admission control this load gave p99 8 s and /readyz 10.7 s; with admission alone, every
  // request in the window was refused (the event loop's CPU went to refusing instant retries, the
  // codec workers starved). How fast pictures are answered under this load is a figure of npm run
  // bench, not a bound here: this test asserts what is shed, how, and that readiness holds.
  it('sheds c=256 PNG load with Retry-After while still answering pictures, /readyz passing every probe', async () => {
    const port = Number(new URL(server.url).port);
    const request = buildRequest('POST', '/predict', drawing, 'image/png');
    // The rate the server answers pictures at when it is not overloaded, measured now on this machine.
    const capacity = await runLoad({ port, request, concurrency: 32, durationMs: 1_000, warmupMs: 300 });
    const ready = pollHealth(`${server.url}/readyz`, PROBE_TIMEOUT_MS);
    const result = await runLoad({ port, request, concurrency: 256, durationMs: 3_000, warmupMs: 500 });
    const probes = await ready.stop();
    console.log(
      `c=256 PNG for 3 s: ${result.okRps.toFixed(0)} answered/s (p99 ${result.okP99Ms.toFixed(0)} ms; ${result.okThroughput.toFixed(0)}/s whenever sent), statuses ${JSON.stringify(result.statuses)}; /readyz ${probes.probes} probes, worst ${probes.worstMs.toFixed(0)} ms; c=32: ${capacity.okRps.toFixed(0)} answered/s`,
    );
    expect(Object.keys(result.statuses).every((status) => ['200', '429', '503'].includes(status))).toBe(true);
    expect(result.shedWithoutRetryAfter).toBe(0);
    // Most of the capacity goes to pictures, not to refusals (a tenth: the window is short next to the latency).
    expect(result.okRps).toBeGreaterThan(capacity.okRps / 10);
    expect(probes.probes).toBeGreaterThan(0);
    expect(probes.failed).toEqual([]);
    // Load past capacity leaves the server as it was: the next picture is answered, not shed.
    expect((await postPng(server.url, drawing)).status).toBe(200);
  });

  it("refuses a picture whose header is over the target's fitted pixel limit with 413, before decoding it", async () => {
    const response = await postPng(server.url, pngClaiming(6000, 6000));
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/6000x6000 pixels, more than the limit of 16777216/);
  });
});

describe('image work under tight limits', () => {
  let server: Served;
  beforeAll(async () => {
    server = await start({ CRANEML_BODY_BUDGET_MB: '16', CRANEML_DEADLINE_MS: '2000', CRANEML_CODEC_WORKERS: '1' });
  });

  it("keeps other clients' predictions working while one client's chunked uploads never finish", async () => {
    const port = Number(new URL(server.url).port);
    const stalled = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const socket = net.connect({ port, host: '127.0.0.1' });
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.on('error', () => {});
        // Read what the server answers, so its close is seen.
        socket.resume();
        const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
        socket.write('POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = Buffer.alloc(3 * 1024 * 1024, 7);
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n');
        return { socket, closed };
      }),
    );
    // 18 MB of unfinished bodies against a 16 MB budget; then another client predicts. The server shows
    // no count of the bytes it holds, so the bodies get 300 ms to arrive: were they late, the test
    // would prove less but still pass, never fail for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stalledAt = performance.now();
    for (let i = 0; i < 10; i++) {
      const response = await postPng(server.url, drawing);
      expect(response.status, await response.clone().text()).toBe(200);
      await response.arrayBuffer();
    }
    // The server cuts the stalled uploads off well before its 60 s request timeout.
    const closedAfter = (await Promise.all(stalled.map((s) => s.closed))).map((at) => at - stalledAt);
    console.log(`stalled uploads closed after ${Math.max(...closedAfter).toFixed(0)} ms`);
    expect(Math.max(...closedAfter)).toBeLessThan(15_000);
  }, 30_000);

  it('answers 503 with Retry-After when decoding runs past the request deadline', async () => {
    // Forty heavy pictures in one request, decoded by one worker: far past 2 s.
    const images = Array.from({ length: 40 }, () => heavy.toString('base64'));
    const response = await fetch(`${server.url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ images }),
      headers: { 'Content-Type': 'application/json' },
    });
    expectShed(response);
    expect((await response.json()).error.message).toMatch(/deadline/);
    // The worker that ran past it is replaced (under tsx a new worker takes a moment to load): pictures are answered again.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await postPng(server.url, drawing)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(200);
  }, 30_000);
});
