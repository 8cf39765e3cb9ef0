/**
 * Image sizes of the same pipeline as the peers package it: the Dockerfile `mlflow models
 * generate-dockerfile` writes (the one `mlflow models build-docker` builds) and the one `bentoml build`
 * writes for `bentoml containerize`, each built with `docker build` as those commands do. Their base,
 * python:3.11(.7)-slim, cannot be pulled here, so each is built FROM CraneML's local Python base
 * (Debian bookworm's python3, the base CraneML's Python image falls back to) with a venv on PATH
 * standing in for the python and pip the slim image has; apt and pip reach their registries with the
 * host's network and CA bundle at build only. The images are removed after they are measured.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageSize } from '../report.ts';
import { run } from '../proc.ts';
import { venvDir } from '../servers.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const LOCAL_PYTHON_BASE = 'craneml/local-base:python3.11';

/** The lines that replace a `FROM python:…-slim` line: the local base, a venv as python and pip, the host's CA bundle. */
function localPythonBase(stage: string): string {
  return [
    `FROM ${LOCAL_PYTHON_BASE}${stage}`,
    'COPY host-ca.crt /etc/ssl/certs/host-ca.crt',
    'ENV PIP_CERT=/etc/ssl/certs/host-ca.crt SSL_CERT_FILE=/etc/ssl/certs/host-ca.crt PIP_NO_CACHE_DIR=1',
    'RUN apt-get -y update && apt-get install -y --no-install-recommends python3-venv && python3 -m venv /opt/python && rm -rf /var/lib/apt/lists/*',
    'ENV PATH=/opt/python/bin:$PATH',
    '',
  ].join('\n');
}

/** Puts the local base in place of the Dockerfile's python slim base; fails when there is none to replace. */
async function rebase(dockerfile: string, context: string): Promise<string> {
  const text = await readFile(dockerfile, 'utf8');
  const from = /^FROM python:[\d.]+-slim(?:-\w+)?( AS [\w-]+)?\s*$/m.exec(text);
  if (!from) throw new Error(`${dockerfile} has no FROM python:…-slim line to replace`);
  await writeFile(dockerfile, text.replace(from[0], localPythonBase(from[1] ?? '')));
  await copyFile(HOST_CA_BUNDLE, path.join(context, 'host-ca.crt'));
  return from[0];
}

async function buildAndMeasure(dockerfile: string, context: string, tag: string): Promise<number> {
  await run('docker', ['build', '--network', 'host', '-f', dockerfile, '-t', tag, context]);
  try {
    return Number((await run('docker', ['image', 'inspect', '-f', '{{.Size}}', tag])).trim());
  } finally {
    await run('docker', ['image', 'rm', '-f', tag]).catch(() => '');
  }
}

async function mlflowImage(mlflowModel: string, dir: string, tag: string): Promise<ImageSize> {
  const out = path.join(dir, 'mlflow-docker');
  await run(path.join(venvDir('mlflow'), 'bin', 'mlflow'), ['models', 'generate-dockerfile', '-m', mlflowModel, '-d', out]);
  const from = await rebase(path.join(out, 'Dockerfile'), out);
  const bytes = await buildAndMeasure(path.join(out, 'Dockerfile'), out, tag);
  return {
    what: 'mlflow models build-docker (its generated Dockerfile)',
    bytes,
    note: `${from.trim()} replaced by ${LOCAL_PYTHON_BASE} + a venv; installs nginx and mlflow`,
  };
}

async function bentomlImage(pickle: string, dir: string, tag: string): Promise<ImageSize> {
  const src = path.join(dir, 'bentoml-src');
  const home = path.join(dir, 'bentoml-build-home');
  await mkdir(src, { recursive: true });
  await copyFile(path.join(HERE, '..', 'apps', 'bentoml_sklearn_service.py'), path.join(src, 'bentoml_sklearn_service.py'));
  await copyFile(pickle, path.join(src, 'model.pkl'));
  const pins = (await readFile(path.join(HERE, '..', 'requirements', 'bentoml-sklearn.txt'), 'utf8'))
    .split('\n')
    .filter((l) => /^(scikit-learn|pandas|numpy|scipy|joblib)==/.test(l));
  await writeFile(
    path.join(src, 'bentofile.yaml'),
    [
      'service: "bentoml_sklearn_service:Tabular"',
      'include: ["bentoml_sklearn_service.py", "model.pkl"]',
      'envs:',
      '  - name: MODEL_PATH',
      '    value: model.pkl',
      'python:',
      '  packages:',
      ...pins.map((p) => `    - ${p}`),
      '',
    ].join('\n'),
  );
  const env = { ...process.env, BENTOML_HOME: home, BENTOML_DO_NOT_TRACK: 'True' };
  await run(path.join(venvDir('bentoml-sklearn'), 'bin', 'bentoml'), ['build', src], { cwd: src, env });
  const bentos = path.join(home, 'bentos', 'tabular');
  const version = (await readdir(bentos)).find((name) => name !== 'latest');
  if (!version) throw new Error(`bentoml build left no bento in ${bentos}`);
  const bento = path.join(bentos, version);
  const from = await rebase(path.join(bento, 'env', 'docker', 'Dockerfile'), bento);
  const bytes = await buildAndMeasure(path.join(bento, 'env', 'docker', 'Dockerfile'), bento, tag);
  return {
    what: 'bentoml containerize (the Dockerfile bentoml build writes)',
    bytes,
    note: `${from.trim()} replaced by ${LOCAL_PYTHON_BASE} + a venv; installs build-essential, git, uv and the pinned packages`,
  };
}

/**
 * Builds and measures both peers' images of one pickle; a build that fails is a row saying why.
 * @example await peerImageSizes({ pickle: 'cancer.pkl', mlflowModel: 'cancer-mlflow', dir: '/tmp/x', tag: 'craneml-bench-peers:1' }, console.log)
 */
export async function peerImageSizes(
  options: { pickle: string; mlflowModel?: string; dir: string; tag: string },
  log: (line: string) => void,
): Promise<ImageSize[]> {
  const sizes: ImageSize[] = [];
  const attempt = async (what: string, build: () => Promise<ImageSize>): Promise<void> => {
    const t = performance.now();
    try {
      sizes.push(await build());
      log(`image size: ${what} built and measured in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    } catch (error) {
      const why = (error as Error).message.split('\n').filter(Boolean).slice(-3).join(' ');
      sizes.push({ what, note: `could not build here: ${why}` });
      log(`image size: ${what} failed: ${why}`);
    }
  };
  if (options.mlflowModel)
    await attempt('mlflow models build-docker', () => mlflowImage(options.mlflowModel!, options.dir, `${options.tag}-mlflow-size`));
  await attempt('bentoml containerize', () => bentomlImage(options.pickle, options.dir, `${options.tag}-bentoml-size`));
  return sizes;
}
