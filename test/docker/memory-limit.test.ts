/**
 * A `--memory 256m` container of the digits image, run the way `craneml run` runs it, under the two
 * memory attacks of issue 20: progressive 4096x4096 JPEGs (30 one at a time, then 8 at once) and 20
 * chunked 9.5 MB uploads held open. It is not OOM-killed, every request gets an HTTP answer, and a
 * normal picture is answered 200 afterwards.
 */
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningContainer } from '../../main/docker/run-container.ts';
import { digitSamples } from '../runtime/helpers.ts';
import { progressiveJpeg } from '../runtime/memory-attacks.ts';
import { removeLimitedDigits, runLimitedDigits } from './limited-digits.ts';
import { requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/digits-memory:${process.pid}`;
const labels = testLabels('memory-limit');
const MB = 1024 * 1024;

/** The container's cgroup (v1 on this kind of host; v2 keeps no peak and is sampled through docker stats instead). */
const cgroupV1 = (id: string): string => `/sys/fs/cgroup/memory/docker/${id}`;

describe.skipIf(!docker)('a 256 MB container under memory attacks', () => {
  const d = docker!;
  let running: RunningContainer;
  let jpeg: Buffer;

  /** The container's peak memory use since the last call, in MB (the cgroup's own peak when it keeps one). */
  async function peakSinceLast(): Promise<number> {
    const file = `${cgroupV1(running.id)}/memory.max_usage_in_bytes`;
    const peak = await readFile(file, 'utf8').then(Number, () => undefined);
    if (peak !== undefined) {
      await writeFile(file, '0').catch(() => undefined);
      return peak / MB;
    }
    const stats = (await d.getContainer(running.id).stats({ stream: false })) as { memory_stats?: { max_usage?: number; usage?: number } };
    return (stats.memory_stats?.max_usage ?? stats.memory_stats?.usage ?? 0) / MB;
  }

  /** The server's last "memory plan" log line (the budgets it set once the model loaded), for the record. */
  async function memoryPlanLogged(): Promise<string> {
    const logs = (await d.getContainer(running.id).logs({ stdout: true, stderr: true })).toString('utf8');
    return [...logs.matchAll(/"msg":"memory plan".*$/gm)].at(-1)?.[0] ?? 'memory plan was not logged';
  }

  async function expectAlive(): Promise<void> {
    const info = await d.getContainer(running.id).inspect();
    expect(info.State.OOMKilled).toBe(false);
    expect(info.State.Running).toBe(true);
    expect(info.RestartCount).toBe(0);
  }

  async function postJpeg(): Promise<{ status: number; retryAfter: string | null }> {
    const response = await fetch(`${running.url}/predict`, {
      method: 'POST',
      body: new Uint8Array(jpeg),
      headers: { 'Content-Type': 'image/jpeg' },
    });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  }

  beforeAll(async () => {
    jpeg = await progressiveJpeg(4096);
    running = await runLimitedDigits(d, tag, labels);
    await peakSinceLast();
  }, 400_000);

  afterAll(async () => {
    await removeLimitedDigits(d, tag, labels);
  });

  it('answers 30 progressive 4096x4096 JPEGs one at a time, then 8 at once, without an out-of-memory kill', async () => {
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await postJpeg());
    answers.push(...(await Promise.all(Array.from({ length: 8 }, postJpeg))));
    const peak = await peakSinceLast();
    const statuses = answers.map((a) => a.status);
    console.log(
      `progressive JPEG (${jpeg.length} bytes, 4096x4096): statuses ${statuses.join(',')}; peak memory ${peak.toFixed(0)} MB of 256;`,
      `the server's ${await memoryPlanLogged()}`,
    );
    await expectAlive();
    expect(statuses.every((s) => s === 200 || s === 413 || s === 503)).toBe(true);
    for (const answer of answers) if (answer.status === 503) expect(answer.retryAfter).toMatch(/^\d+$/);
    // One at a time, each fits in 256 MB: all thirty are decoded.
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
  }, 180_000);

  it('answers 20 held 9.5 MB chunked uploads without an out-of-memory kill', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => heldUpload(running.port, 9.5 * MB)));
    const peak = await peakSinceLast();
    console.log(`20 held 9.5 MB uploads: statuses ${replies.join(',')}; peak memory ${peak.toFixed(0)} MB of 256`);
    await expectAlive();
    expect(replies.every((status) => status > 0)).toBe(true);
    expect(replies.every((status) => status < 500 || status === 503)).toBe(true);
  }, 120_000);

  it('answers a normal picture afterwards', async () => {
    const [digit, png] = (await digitSamples())[7]!;
    const response = await fetch(`${running.url}/predict`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: { 'Content-Type': 'image/png' },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).predictions[0].label).toBe(String(digit));
    await expectAlive();
  });
});

/**
 * A chunked upload of `size` bytes to /predict: all but the last 512 KB sent at about 6 MB/s, held
 * 2.5 s (inside the server's 5 s idle allowance), then finished. Resolves with the answer's status,
 * or 0 when the connection closed without one.
 */
async function heldUpload(port: number, size: number): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
  const answered = (): boolean => /^HTTP\/1\.1 \d{3}/.test(reply);
  const done = new Promise<void>((resolve) => {
    socket.on('data', () => answered() && resolve());
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  const send = (bytes: Buffer): void => {
    if (!socket.destroyed) socket.write(`${bytes.length.toString(16)}\r\n${bytes.toString('latin1')}\r\n`, 'latin1');
  };
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n');
  const chunk = Buffer.alloc(64 * 1024, 7);
  // The PNG signature: the body is taken for a picture until it is read whole.
  chunk.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const head = size - 512 * 1024;
  for (let sent = 0; sent < head && !socket.destroyed && !answered(); sent += chunk.length) {
    send(chunk);
    if (sent % MB < chunk.length) await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  if (!answered()) {
    send(Buffer.alloc(512 * 1024, 1));
    if (!socket.destroyed) socket.write('0\r\n\r\n');
  }
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  socket.destroy();
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
}
