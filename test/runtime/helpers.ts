/** Test helpers for the model server: projects made from the digits example, and `craneml serve` as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { initProject } from '../../main/project.ts';
import type { ServerOptions } from '../../main/manifest.ts';

export const DIGITS = path.resolve(process.env.CRANEML_TEST_DIGITS ?? 'assets/examples/digits');
const bin = path.resolve('bin/craneml.js');

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * A fresh project folder with the digits model and a manifest whose server options are overridden.
 * Uses the example's craneml.json when it has one, else makes one with the digits preset.
 */
export async function digitsProject(server: Partial<ServerOptions> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-runtime-'));
  if (await exists(path.join(DIGITS, 'craneml.json'))) {
    const manifest = JSON.parse(await readFile(path.join(DIGITS, 'craneml.json'), 'utf8'));
    for (const file of manifest.model.files as { path: string }[]) {
      await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
      await copyFile(path.join(DIGITS, file.path), path.join(dir, file.path));
    }
    manifest.server = { ...manifest.server, ...server };
    await writeFile(path.join(dir, 'craneml.json'), JSON.stringify(manifest, null, 2));
    return dir;
  }
  await initProject(path.join(DIGITS, 'model.onnx'), dir, { preset: 'digits', name: 'digits' });
  const manifest = JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8'));
  manifest.server = { ...manifest.server, ...server };
  await writeFile(path.join(dir, 'craneml.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** The example's sample drawings as [digit, bytes]. */
export async function digitSamples(): Promise<[number, Buffer][]> {
  const dir = path.join(DIGITS, 'samples');
  const names = (await readdir(dir)).filter((n) => /^\d\.png$/.test(n)).sort();
  return Promise.all(names.map(async (n) => [Number(n[0]), await readFile(path.join(dir, n))] as [number, Buffer]));
}

export interface Served {
  url: string;
  child: ChildProcess;
  /** Everything the server printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Sends a signal (SIGTERM by default) and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Collects a started server's output and exit as a `Served` at `url`. */
export function watchServer(child: ChildProcess, url: string): Served {
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `craneml serve <project> --port 0` and waits until it prints its URL (the model is then ready). */
export function serve(project: string, options: { env?: NodeJS.ProcessEnv; args?: string[] } = {}): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'serve', project, '--port', '0', ...(options.args ?? [])], {
    env: { ...process.env, CRANEML_API_KEY: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const served = watchServer(child, '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`craneml serve did not become ready in 60 s\nstdout: ${served.stdout()}\nstderr: ${served.stderr()}`));
    }, 60_000);
    const check = (): void => {
      const match = served.stdout().match(/serving \S+ \S+ at (http:\/\/\S+)/);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ ...served, url: match[1]! });
    };
    child.stdout!.on('data', check);
    void served.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`craneml serve exited with ${code} before it was ready\nstdout: ${served.stdout()}\nstderr: ${served.stderr()}`));
    });
  });
}

/** A nested [1, 28, 28] instance filled by `f(row, col)`. */
export function instance(f: (row: number, col: number) => number): number[][][] {
  return [Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => f(r, c)))];
}

/** A parsed JSON answer, read freely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** POSTs JSON and returns status, headers and parsed body (or text when not JSON). */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...headers },
  });
  return { status: response.status, headers: response.headers, body: await bodyOf(response) };
}

export async function bodyOf(response: Response): Promise<Json> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An 8-bit grey PNG of `width` x `height` whose image data is `compressed` as it is, whatever it inflates to. */
export function greyPngWith(width: number, height: number, compressed: Buffer): Buffer {
  return pngWith(width, height, 0, compressed);
}

/** An 8-bit PNG of `colourType` (0 grey, 2 RGB, 4 grey + alpha, 6 RGBA) around the given compressed image data. */
export function pngWith(width: number, height: number, colourType: 0 | 2 | 4 | 6, compressed: Buffer): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = colourType;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG whose header claims `width` x `height` pixels, with almost no data (a decompression bomb's shape). */
export function pngClaiming(width: number, height: number): Buffer {
  return greyPngWith(width, height, zlib.deflateSync(Buffer.alloc(4096)));
}

/** A port nothing listens on right now (found by listening on port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
