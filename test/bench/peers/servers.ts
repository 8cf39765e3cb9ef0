/**
 * The servers of the peer bench on the digits model: CraneML (its bundled server and its built image)
 * and the Python peers (FastAPI + uvicorn, BentoML, LitServe, MLServer), each in its own virtual
 * environment made from PyPI at the versions pinned in requirements/<peer>.txt. The tabular servers
 * are in tabular/servers.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from '../../../main/packaging/runtime-cache.ts';
import { freePort } from '../../runtime/helpers.ts';
import { diskBytes, run, stopTree, treeMemory, type TreeMemory } from './proc.ts';
import { isTabular, TABULAR_WORKLOADS, tabularLabel, type TabularWorkload } from './tabular/workloads.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const APPS = path.join(HERE, 'apps');
const REQUIREMENTS = path.join(HERE, 'requirements');
const CRANEML = path.resolve(HERE, '../../../bin/craneml.js');

export type DigitsWorkload = 'json' | 'png' | 'multipart' | 'v2';
export const DIGITS_WORKLOADS: DigitsWorkload[] = ['json', 'png', 'multipart', 'v2'];
export type Workload = DigitsWorkload | TabularWorkload;
export const WORKLOADS: Workload[] = [...DIGITS_WORKLOADS, ...TABULAR_WORKLOADS];
const DIGITS_LABEL: Record<DigitsWorkload, string> = {
  json: 'JSON tensor',
  png: 'PNG body',
  multipart: 'multipart PNG',
  v2: 'V2 infer',
};
export const WORKLOAD_LABEL = Object.fromEntries(WORKLOADS.map((w) => [w, isTabular(w) ? tabularLabel(w) : DIGITS_LABEL[w]])) as Record<
  Workload,
  string
>;

export type Peer = 'fastapi' | 'bentoml' | 'litserve' | 'mlserver' | 'fastapi-sklearn' | 'bentoml-sklearn' | 'mlserver-sklearn' | 'mlflow';
export const PEERS: Peer[] = [
  'fastapi',
  'bentoml',
  'litserve',
  'mlserver',
  'fastapi-sklearn',
  'bentoml-sklearn',
  'mlserver-sklearn',
  'mlflow',
];

/** Where a peer's virtual environment lives: ~/.cache/craneml/peers/<peer> (CRANEML_CACHE_DIR moves it). */
export function venvDir(peer: Peer): string {
  return path.join(cacheRoot(), 'peers', peer);
}

const MARKER = '.craneml-requirements.txt';

/**
 * Makes the peer's venv unless one made from the same requirements file is there; returns the
 * seconds it took (0 when reused). Python is `$PYTHON` or python3.
 */
export async function ensureVenv(peer: Peer, log: (line: string) => void): Promise<number> {
  const dir = venvDir(peer);
  const requirements = await readFile(path.join(REQUIREMENTS, `${peer}.txt`), 'utf8');
  const marker = path.join(dir, MARKER);
  if (existsSync(path.join(dir, 'bin', 'python')) && existsSync(marker) && (await readFile(marker, 'utf8')) === requirements) return 0;
  const started = performance.now();
  log(`${peer}: making ${dir} (pip install -r requirements/${peer}.txt)`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  await run(process.env.PYTHON ?? 'python3', ['-m', 'venv', dir]);
  await run(path.join(dir, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-r',
    path.join(REQUIREMENTS, `${peer}.txt`),
  ]);
  await writeFile(marker, requirements);
  const seconds = (performance.now() - started) / 1000;
  log(`${peer}: venv ready in ${seconds.toFixed(0)} s`);
  return seconds;
}

/** The versions pip installed of the top-level packages (the header of requirements/<peer>.txt names them). */
export async function venvVersions(peer: Peer): Promise<Record<string, string>> {
  const names = (await readFile(path.join(REQUIREMENTS, `${peer}.txt`), 'utf8'))
    .split('\n')
    .map((l) => /^#\s+([A-Za-z0-9_.-]+)(?:\[.*\])?==/.exec(l)?.[1]?.toLowerCase())
    .filter((name): name is string => name !== undefined);
  const frozen = await run(path.join(venvDir(peer), 'bin', 'pip'), ['list', '--format=freeze', '--disable-pip-version-check']);
  const versions: Record<string, string> = {};
  for (const line of frozen.split('\n')) {
    const [name, version] = line.trim().split('==');
    if (name && version && names.includes(name.toLowerCase().replace(/_/g, '-'))) versions[name] = version;
  }
  const python = await run(path.join(venvDir(peer), 'bin', 'python'), ['--version']);
  versions.python = python.trim().replace(/^Python /, '');
  return versions;
}

export interface Memory extends TreeMemory {
  /** The container's memory as `docker stats` reports it (cgroup usage less page cache). */
  dockerMb?: number;
}

export interface Started {
  /** Stops the server and removes what it left (a container). */
  stop(): Promise<void>;
  memory(): Promise<Memory>;
  /** The root process: the first 200 is awaited only while it runs (a container's CLI exits on purpose). */
  child: ChildProcess;
  exitsWhenReady?: boolean;
}

export interface ServerSpec {
  key: string;
  label: string;
  craneml: boolean;
  peer?: Peer;
  /** URL path of each workload this server takes. */
  paths: Partial<Record<Workload, string>>;
  /** The body of a workload in this server's own format, where it differs from the shared one (run.ts writes those). */
  bodies?: Partial<Record<Workload, { file: string; contentType: string }>>;
  /** What it needs installed, where that is not its peer's venv or the digits runtime/image. */
  installed?(): Promise<{ bytes: number; what: string }>;
  /** Its own set-up (a model folder, an image), run once after the venvs are made. */
  prepare?(log: (line: string) => void): Promise<void>;
  start(port: number, log: string): Promise<Started>;
}

export interface Context {
  modelPath: string;
  /** The digits project for `craneml serve` (model + craneml.json). */
  project: string;
  /** The built image, for the container. */
  image: string;
  /** A scratch folder (MLServer's model repository is assembled in it). */
  tmp: string;
  /** Images the set-up built beyond `image`, removed at the end. */
  images?: string[];
}

/** The folder of the tabular workloads' set-up: the pickles, projects, bodies, mlflow's model, MLServer's repository. */
export function tabularDir(ctx: Context): string {
  return path.join(ctx.tmp, 'tabular');
}

export function spawnServer(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; log: string },
): ChildProcess {
  const fd = openSync(options.log, 'a');
  try {
    return spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
}

export function processServer(child: ChildProcess): Started {
  return {
    child,
    stop: () => stopTree(child),
    memory: async () => treeMemory(child.pid!),
  };
}

/** No telemetry, no downloads: nothing leaves 127.0.0.1. */
export const QUIET_ENV = { BENTOML_DO_NOT_TRACK: 'True', DO_NOT_TRACK: '1', PYTHONUNBUFFERED: '1' };

export function pythonPeer(
  key: string,
  label: string,
  peer: Peer,
  paths: Partial<Record<Workload, string>>,
  argv: (port: number, ctx: Context) => Promise<{ command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string }>,
  ctx: Context,
): ServerSpec {
  return {
    key,
    label,
    craneml: false,
    peer,
    paths,
    async start(port, log) {
      const { command, args, env, cwd } = await argv(port, ctx);
      const bin = path.join(venvDir(peer), 'bin');
      return processServer(
        spawnServer(path.join(bin, command), args, {
          cwd: cwd ?? APPS,
          env: { ...QUIET_ENV, MODEL_PATH: ctx.modelPath, PATH: `${bin}:${process.env.PATH}`, VIRTUAL_ENV: venvDir(peer), ...env },
          log,
        }),
      );
    },
  };
}

/** MLServer reads a model repository: a folder with settings.json and model-settings.json next to the runtime. */
async function mlserverRepository(ctx: Context): Promise<string> {
  const dir = path.join(ctx.tmp, 'mlserver-models');
  await mkdir(dir, { recursive: true });
  for (const file of ['mlserver_runtime.py', 'settings.json', 'model-settings.json'])
    await copyFile(path.join(APPS, 'mlserver', file), path.join(dir, file));
  await copyFile(ctx.modelPath, path.join(dir, 'model.onnx'));
  return dir;
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/** `mlserver start` on a model repository, HTTP on `port`, gRPC and metrics on free ports of their own. */
export async function mlserverStart(
  repository: string,
  port: number,
): Promise<{ command: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string }> {
  const [grpc, metrics] = await freePorts(2);
  return {
    command: 'mlserver',
    args: ['start', repository],
    cwd: repository,
    env: {
      MLSERVER_HOST: '127.0.0.1',
      MLSERVER_HTTP_PORT: String(port),
      MLSERVER_GRPC_PORT: String(grpc),
      MLSERVER_METRICS_PORT: String(metrics),
    },
  };
}

const CRANEML_PATHS: Partial<Record<Workload, string>> = {
  json: '/predict',
  png: '/predict',
  multipart: '/predict',
  v2: '/v2/models/digits/infer',
};

/** A CraneML image started by `craneml run` with host networking on 127.0.0.1:`port`. */
export async function startContainer(image: string, port: number, log: string): Promise<Started> {
  const name = `craneml-bench-peers-${process.pid}-${port}`;
  // `craneml run` starts the container with host networking on 127.0.0.1:<port>, waits for /readyz and exits.
  const child = spawnServer(
    process.execPath,
    [CRANEML, 'run', image, '--port', String(port), '--network', 'host', '--name', name, '--restart', 'no', '--json'],
    { log },
  );
  const pid = async (): Promise<number> => Number((await run('docker', ['inspect', '-f', '{{.State.Pid}}', name])).trim());
  return {
    child,
    exitsWhenReady: true,
    async stop() {
      await stopTree(child, 2000);
      await run('docker', ['rm', '-f', name]).catch(() => '');
    },
    async memory() {
      const tree = treeMemory(await pid());
      const stats = (await run('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', name])).trim();
      const m = /^([\d.]+)\s*([KMG]i?B)/.exec(stats);
      const unit: Record<string, number> = { KiB: 1 / 1024, KB: 1 / 1024, MiB: 1, MB: 1, GiB: 1024, GB: 1024 };
      return { ...tree, dockerMb: m ? Number(m[1]) * (unit[m[2]!] ?? NaN) : NaN };
    },
  };
}

export function serverSpecs(ctx: Context): ServerSpec[] {
  const fastapiPaths = { json: '/predict', png: '/predict/png', multipart: '/predict/file' };
  return [
    {
      key: 'craneml-serve',
      label: 'CraneML (craneml serve)',
      craneml: true,
      paths: CRANEML_PATHS,
      async start(port, log) {
        return processServer(
          spawnServer(process.execPath, [CRANEML, 'serve', ctx.project, '--port', String(port), '--host', '127.0.0.1'], {
            env: { CRANEML_API_KEY: '' },
            log,
          }),
        );
      },
    },
    {
      key: 'craneml-container',
      label: 'CraneML (container)',
      craneml: true,
      paths: CRANEML_PATHS,
      start: (port, log) => startContainer(ctx.image, port, log),
    },
    pythonPeer(
      'fastapi-1w',
      'FastAPI + uvicorn, 1 worker',
      'fastapi',
      fastapiPaths,
      async (port) => ({
        command: 'uvicorn',
        args: ['fastapi_app:app', '--host', '127.0.0.1', '--port', String(port)],
      }),
      ctx,
    ),
    pythonPeer(
      'fastapi-2w',
      'FastAPI + uvicorn, 2 workers',
      'fastapi',
      fastapiPaths,
      async (port) => ({
        command: 'uvicorn',
        args: ['fastapi_app:app', '--host', '127.0.0.1', '--port', String(port), '--workers', '2'],
      }),
      ctx,
    ),
    pythonPeer(
      'bentoml',
      'BentoML (batchable)',
      'bentoml',
      { json: '/predict', multipart: '/predict_image' },
      async (port, c) => ({
        command: 'bentoml',
        args: ['serve', 'bentoml_service:Digits', '--host', '127.0.0.1', '--port', String(port)],
        env: { BENTOML_HOME: path.join(c.tmp, 'bentoml-home') },
      }),
      ctx,
    ),
    pythonPeer(
      'litserve',
      'LitServe (max_batch_size 32)',
      'litserve',
      { json: '/predict', multipart: '/predict' },
      async (port) => ({
        command: 'python',
        args: ['litserve_app.py'],
        env: { PORT: String(port) },
      }),
      ctx,
    ),
    pythonPeer(
      'mlserver',
      'MLServer (adaptive batching)',
      'mlserver',
      { v2: '/v2/models/digits/infer' },
      async (port, c) => mlserverStart(await mlserverRepository(c), port),
      ctx,
    ),
  ];
}

/** Bytes on disk of what a server needs installed (the interpreter itself, Node.js or Python, not counted but in the image). */
export async function installedBytes(spec: ServerSpec, ctx: Context & { runtimeDir: string }): Promise<{ bytes: number; what: string }> {
  if (spec.installed) return spec.installed();
  if (spec.key === 'craneml-serve')
    return { bytes: await diskBytes(ctx.runtimeDir), what: 'bundled server + runtime node_modules (craneml export runtime/)' };
  if (spec.key === 'craneml-container') {
    const size = Number((await run('docker', ['image', 'inspect', '-f', '{{.Size}}', ctx.image])).trim());
    return { bytes: size, what: 'image, with its Node.js base' };
  }
  return { bytes: await diskBytes(venvDir(spec.peer!)), what: `venv (${spec.peer})` };
}
