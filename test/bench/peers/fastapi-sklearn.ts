/**
 * The hand-written FastAPI + uvicorn server of the Python-runtime benchmark as a container: its image
 * built from fastapi-sklearn.Dockerfile on the local Python base (pip with the host's network and CA
 * bundle, at build only), and started on the host network with one pickle.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from './proc.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const FILES = ['fastapi-sklearn.Dockerfile', 'fastapi-sklearn.requirements.txt', 'fastapi-sklearn.py'];
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
export const FASTAPI_BASE = 'craneml/local-base:python3.11';

/**
 * Builds the FastAPI image serving `pickle` as `tag`; returns the seconds `docker build` took.
 * @example const seconds = await buildFastapiImage('/fixtures/model.pkl', 'craneml-bench/fastapi:1');
 */
export async function buildFastapiImage(pickle: string, tag: string, base = FASTAPI_BASE): Promise<number> {
  const context = await mkdtemp(path.join(os.tmpdir(), 'craneml-bench-fastapi-'));
  try {
    for (const file of FILES) await copyFile(path.join(HERE, file), path.join(context, file));
    await copyFile(pickle, path.join(context, 'model.pkl'));
    await copyFile(HOST_CA_BUNDLE, path.join(context, 'host-ca.crt')).catch(() => writeFile(path.join(context, 'host-ca.crt'), ''));
    const started = performance.now();
    await run('docker', [
      'build',
      '--network',
      'host',
      '--build-arg',
      `BASE=${base}`,
      '-f',
      path.join(context, FILES[0]!),
      '-t',
      tag,
      context,
    ]);
    return (performance.now() - started) / 1000;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** Starts the FastAPI image as `name` on 127.0.0.1:`port` (host network), detached. */
export async function startFastapi(image: string, name: string, port: number): Promise<void> {
  await run('docker', ['run', '-d', '--name', name, '--network', 'host', '-e', `PORT=${port}`, image]);
}

/** The pip packages inside the image, as `pip freeze` lists them. */
export async function fastapiVersions(image: string): Promise<string[]> {
  const out = await run('docker', ['run', '--rm', '--entrypoint', '/opt/venv/bin/pip', image, 'freeze', '--disable-pip-version-check']);
  return out.trim().split('\n').filter(Boolean);
}
