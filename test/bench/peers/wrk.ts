/** Runs wrk (the load generator every server in the peer bench gets) and reads its report. */
import { spawn } from 'node:child_process';

export interface WrkResult {
  /** Answers of any status in the measured stretch. */
  requests: number;
  seconds: number;
  /** 2xx answers per second. */
  okRps: number;
  p50Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Answers other than 2xx/3xx. */
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** non2xx plus every socket error. */
  errors: number;
}

export interface WrkOptions {
  url: string;
  /** The Lua script that sets the method, headers and body (lua/post-body.lua). */
  script: string;
  /** The request body file and its content type, handed to the script's init(). */
  bodyFile: string;
  contentType: string;
  concurrency: number;
  durationS: number;
  /** A request not answered within this long counts as a timeout (wrk's default is 2 s). */
  timeoutS?: number;
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

function toMs(value: string, unit: string): number {
  const factor = UNIT_MS[unit];
  if (factor === undefined) throw new Error(`unknown wrk time unit "${unit}"`);
  return Number(value) * factor;
}

/** Reads wrk's text report (run with --latency). */
export function parseWrk(out: string): WrkResult {
  const percentile = (p: number): number => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(out);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const total = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),/m.exec(out);
  if (!total) throw new Error(`wrk printed no request count:\n${out}`);
  const requests = Number(total[1]);
  const seconds = toMs(total[2]!, total[3]!) / 1000;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = {
    connect: Number(socket?.[1] ?? 0),
    read: Number(socket?.[2] ?? 0),
    write: Number(socket?.[3] ?? 0),
    timeout: Number(socket?.[4] ?? 0),
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = non2xx + socketErrors.connect + socketErrors.read + socketErrors.write + socketErrors.timeout;
  return {
    requests,
    seconds,
    okRps: Math.max(0, requests - non2xx) / seconds,
    p50Ms: percentile(50),
    p75Ms: percentile(75),
    p90Ms: percentile(90),
    p99Ms: percentile(99),
    non2xx,
    socketErrors,
    errors,
  };
}

/** One wrk run: min(concurrency, 2) threads (the machine has two CPUs), keep-alive connections. */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const threads = Math.min(options.concurrency, 2);
  const args = [
    '-t',
    String(threads),
    '-c',
    String(options.concurrency),
    '-d',
    `${options.durationS}s`,
    '--timeout',
    `${options.timeoutS ?? 10}s`,
    '--latency',
    '-s',
    options.script,
    options.url,
    '--',
    options.bodyFile,
    options.contentType,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk ${args.join(' ')} exited ${code}: ${err || out}`));
      try {
        resolve(parseWrk(out));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** wrk's version line, e.g. "wrk debian/4.1.0-3+b2 [epoll]". */
export function wrkVersion(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('wrk', ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', () => resolve(''));
    child.once('exit', () =>
      resolve(
        out
          .split('\n')[0]!
          .replace(/\s+Copyright.*$/, '')
          .trim(),
      ),
    );
  });
}
