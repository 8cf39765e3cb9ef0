/**
 * The throwaway converter container: a model file is loaded only here, with no network, as uid 1000,
 * no capabilities, limited memory, processes and time, its files read-only in /in. The container is
 * removed in every case (done, failed, timed out, aborted); one a crashed run left is swept later.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { sweepTempContainers, tempContainerLabels, TEMP_RUN_LABEL } from '../docker/leftovers.ts';
import { toCraneError } from '../docker/docker-errors.ts';
import { LogDemuxer } from '../docker/log-demux.ts';
import { ownContainerLabels } from '../docker/ownership.ts';
import { parseMemory } from '../shared/sizes.ts';
import { CraneError } from '../errors.ts';
import { converterReportSchema, type ConverterReport, type SourceKind } from '../shared/conversion-schema.ts';
import { extractNamedFiles, readOnlyFolder, type InFile } from './container-files.ts';
import type { ConvertProgress } from '../notebook/types.ts';

/** On every converter container (with TEMP_RUN_LABEL, which makes one a crashed run left a leftover, running or not). */
export const CONVERTER_CONTAINER_LABEL = 'io.craneml.converter';
export const DEFAULT_CONVERTER_MEMORY = 2 * 1024 ** 3;
export const DEFAULT_CONVERTER_TIMEOUT_S = 600;
const PIDS_LIMIT = 256;
const STDERR_LINES_KEPT = 20;
/** What comes out: the report is small; the ONNX model at most as large as protobuf allows. */
const OUT_LIMITS = { 'report.json': 16 * 1024 ** 2, 'model.onnx': 2 * 1024 ** 3 };
const PROGRESS_STEPS = new Set<ConvertProgress['step']>(['load', 'describe', 'convert', 'parity']);

export interface ContainerLimits {
  /** Bytes, or a size like "2g"; default CRANEML_CONVERTER_MEMORY or 2 GiB. */
  memory?: number | string;
  /** Seconds before the container is killed; default CRANEML_CONVERTER_TIMEOUT or 600. */
  timeoutS?: number;
}

export interface ContainerJob extends ContainerLimits {
  /** The converter image (tag or ID). */
  image: string;
  /** Files put in /in, read-only. */
  files: InFile[];
  cmd: string[];
  /** A folder on the host that receives the named files of /out (name → size limit in bytes). */
  out?: { dir: string; files: Record<string, number> };
  /** Each line the container prints on stdout, as it comes. */
  onStdoutLine?: (line: string) => void;
  signal?: AbortSignal;
  /** Extra labels (tests find their containers by them). */
  labels?: Record<string, string>;
}

export interface ContainerResult {
  exitCode: number;
  oomKilled: boolean;
  /** The last lines of stderr, for a message when the run crashed. */
  stderrTail: string[];
  /** The names written to `out.dir`. */
  outFiles: string[];
  seconds: number;
}

/** The limits from the environment, where the caller gave none. */
export function containerLimits(limits: ContainerLimits = {}, env: NodeJS.ProcessEnv = process.env): { memory: number; timeoutS: number } {
  const memory = limits.memory ?? env.CRANEML_CONVERTER_MEMORY ?? DEFAULT_CONVERTER_MEMORY;
  const timeoutS = limits.timeoutS ?? (env.CRANEML_CONVERTER_TIMEOUT ? Number(env.CRANEML_CONVERTER_TIMEOUT) : DEFAULT_CONVERTER_TIMEOUT_S);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0)
    throw new CraneError('USAGE', `the converter's time limit must be a positive number of seconds, not ${String(timeoutS)}`);
  return { memory: parseMemory(memory), timeoutS };
}

function minutes(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** Splits a byte stream into lines, handing each complete one on. */
function lineReader(onLine: (line: string) => void): { push(data: Buffer): void; end(): void } {
  let rest = '';
  return {
    push(data) {
      const lines = (rest + data.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

async function createContainer(docker: Docker, job: ContainerJob, memory: number): Promise<Docker.Container> {
  const imageId = (await docker.getImage(job.image).inspect()).Id;
  return docker.createContainer({
    Image: imageId,
    Cmd: job.cmd,
    User: '1000:1000',
    WorkingDir: '/tmp',
    NetworkDisabled: true,
    Labels: {
      ...job.labels,
      ...ownContainerLabels(imageId),
      ...tempContainerLabels(),
      [TEMP_RUN_LABEL]: '1',
      [CONVERTER_CONTAINER_LABEL]: '1',
    },
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: PIDS_LIMIT,
      Memory: memory,
      MemorySwap: memory,
      Init: true,
    },
  });
}

/**
 * Runs `job.cmd` in a new container of the converter image and removes the container after.
 * @example
 * const run = await runInContainer(docker, { image, files: [], cmd: ['python', '-c', 'print(1)'], timeoutS: 30 });
 */
export async function runInContainer(docker: Docker, job: ContainerJob): Promise<ContainerResult> {
  const started = performance.now();
  const { memory, timeoutS } = containerLimits(job);
  job.signal?.throwIfAborted();
  // A crashed or killed earlier run's converter is removed here too: the CLI has no start-up sweep.
  await sweepTempContainers(docker).catch(() => undefined);
  let container: Docker.Container | undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    container = await createContainer(docker, job, memory);
    await container.putArchive(readOnlyFolder('in', job.files), { path: '/' });
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const demux = new LogDemuxer();
    const stderrTail: string[] = [];
    const stdout = lineReader((line) => job.onStdoutLine?.(line));
    const stderr = lineReader((line) => {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_LINES_KEPT) stderrTail.shift();
    });
    const drained = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        for (const { stream: which, data } of demux.push(chunk)) (which === 'stdout' ? stdout : stderr).push(data);
      });
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    const running = container;
    const stopped = new Promise<'timeout' | 'aborted'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutS * 1000);
      onAbort = () => resolve('aborted');
      job.signal?.addEventListener('abort', onAbort, { once: true });
    });
    await container.start();
    const ending = await Promise.race([running.wait() as Promise<{ StatusCode: number }>, stopped]);
    if (ending === 'timeout' || ending === 'aborted') {
      await running.kill().catch(() => undefined);
      if (ending === 'aborted') throw job.signal!.reason instanceof Error ? job.signal!.reason : new Error('cancelled');
      throw new CraneError(
        'CONVERSION_FAILED',
        `the converter ran longer than its time limit of ${minutes(timeoutS)} and was stopped; a larger model may need more (CRANEML_CONVERTER_TIMEOUT, in seconds)`,
      );
    }
    await drained;
    stdout.end();
    stderr.end();
    const state = (await running.inspect()).State;
    const outFiles = job.out ? await extractNamedFiles(await running.getArchive({ path: '/out' }), job.out.dir, job.out.files) : [];
    return { exitCode: ending.StatusCode, oomKilled: state.OOMKilled, stderrTail, outFiles, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (error instanceof CraneError || job.signal?.aborted) throw error;
    throw toCraneError(error, 'running the converter container');
  } finally {
    clearTimeout(timer);
    if (onAbort) job.signal?.removeEventListener('abort', onAbort);
    await container?.remove({ force: true, v: true }).catch(() => undefined);
  }
}

export interface ConverterJob extends ContainerLimits {
  image: string;
  /** The model file on the host, and how to read it. */
  model: string;
  kind: SourceKind;
  /** The pickle globals the host's static scan approved (SourceFacts.globals). */
  allowed: string[];
  /** A CSV file with a header row, for parity. */
  sample?: string;
  tolerance: number;
  /** An empty folder that receives report.json and, on success, model.onnx. */
  outDir: string;
  onProgress?: (event: ConvertProgress) => void;
  signal?: AbortSignal;
  labels?: Record<string, string>;
}

export interface ConverterRun {
  report: ConverterReport;
  /** The container's whole run, from create to removal. */
  seconds: number;
}

/** The model's name in /in: its own when plain, else `model` with its extension. */
function nameInContainer(file: string): string {
  const base = path.basename(file);
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(base) && base !== 'allowed.json' && base !== 'sample.csv') return base;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(base)?.[0] ?? '';
  return `model${ext}`;
}

/** A stdout line of convert.py as progress, when it is one. */
function progressOf(line: string): ConvertProgress | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as { progress?: unknown; message?: unknown };
    const step = parsed.progress as ConvertProgress['step'];
    return PROGRESS_STEPS.has(step) ? { step, message: typeof parsed.message === 'string' ? parsed.message : step } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs convert.py on `job.model` in a converter container (the contract of
 * templates/converter-python/convert.py) and returns its validated report; model.onnx is in
 * `job.outDir` when the report says ok. A crash, an out-of-memory kill or a missing or malformed
 * report is a CraneError (CONVERSION_FAILED) quoting the converter's last line.
 */
export async function runConverter(docker: Docker, job: ConverterJob): Promise<ConverterRun> {
  const modelName = nameInContainer(job.model);
  const files: InFile[] = [
    { name: modelName, source: { file: job.model } },
    { name: 'allowed.json', source: { bytes: Buffer.from(JSON.stringify(job.allowed)) } },
    ...(job.sample ? [{ name: 'sample.csv', source: { file: job.sample } }] : []),
  ];
  const cmd = [
    'python',
    '/converter/convert.py',
    '--model',
    `/in/${modelName}`,
    '--kind',
    job.kind,
    '--allowed',
    '/in/allowed.json',
    '--out',
    '/out',
    ...(job.sample ? ['--sample', '/in/sample.csv'] : []),
    '--tolerance',
    String(job.tolerance),
  ];
  const run = await runInContainer(docker, {
    ...job,
    files,
    cmd,
    out: { dir: job.outDir, files: OUT_LIMITS },
    onStdoutLine: (line) => {
      const progress = progressOf(line);
      if (progress) job.onProgress?.(progress);
    },
  });
  const { memory } = containerLimits(job);
  if (run.oomKilled)
    throw new CraneError(
      'CONVERSION_FAILED',
      `the converter ran out of its ${Math.round((memory / 1024 ** 3) * 10) / 10} GiB of memory; CRANEML_CONVERTER_MEMORY (e.g. 4g) gives it more`,
    );
  const lastLine = run.stderrTail.filter((line) => line.trim()).pop();
  const why = lastLine ? `: ${lastLine.trim()}` : '';
  if (run.exitCode !== 0) throw new CraneError('CONVERSION_FAILED', `the converter stopped with exit code ${run.exitCode}${why}`);
  if (!run.outFiles.includes('report.json')) throw new CraneError('CONVERSION_FAILED', `the converter wrote no report${why}`);
  const parsed = converterReportSchema.safeParse(await readJson(path.join(job.outDir, 'report.json')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CraneError(
      'CONVERSION_FAILED',
      `the converter's report does not fit its schema (${issue?.path.join('.')}: ${issue?.message})`,
    );
  }
  if (parsed.data.ok && !run.outFiles.includes('model.onnx'))
    throw new CraneError('CONVERSION_FAILED', 'the converter reported success but wrote no model.onnx');
  return { report: parsed.data, seconds: run.seconds };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CraneError('CONVERSION_FAILED', `the converter's report is not JSON (${(error as Error).message.split('\n')[0]})`, {
      cause: error,
    });
  }
}
