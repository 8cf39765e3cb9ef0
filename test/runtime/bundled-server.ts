/** The model server as an image runs it: bundled by esbuild into one file, started as a child process on a free port. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { bundleRuntime } from '../../main/runtimes/node/bundle-runtime.ts';

export interface BundledServer {
  url: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** What the server wrote to stderr so far. */
  stderr(): string;
}

/**
 * Bundles the server into `out` and serves `project` from it; resolves once it logs "ready".
 * @example const server = await startBundledServer(out, project, { CRANEML_CODEC_WORKERS: '2' });
 */
export async function startBundledServer(out: string, project: string, env: NodeJS.ProcessEnv = {}): Promise<BundledServer> {
  await bundleServer(out);
  return serveBundle(out, project, env);
}

/** Bundles the server into `out` as an image holds it, for any number of servers started by serveBundle. */
export async function bundleServer(out: string): Promise<void> {
  await bundleRuntime(out);
  await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
  // The image copies onnxruntime-node and sharp beside the bundle; here the repository's serve.
  await symlink(path.resolve('node_modules'), path.join(out, 'node_modules'), 'dir');
}

/**
 * Serves `project` from a bundle bundleServer made in `out`; resolves once it logs "ready".
 * @example const server = await serveBundle(out, project, { CRANEML_API_KEY: 'k' });
 */
export async function serveBundle(out: string, project: string, env: NodeJS.ProcessEnv = {}): Promise<BundledServer> {
  const child = spawn(process.execPath, [path.join(out, 'server.mjs')], {
    cwd: out,
    env: { ...process.env, CRANEML_PROJECT: project, PORT: '0', HOST: '127.0.0.1', CRANEML_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const ready = stdout.split('\n').find((line) => line.includes('"msg":"ready"'));
      if (ready) resolve(JSON.parse(ready).url);
    });
    void exited.then((code) => reject(new Error(`server.mjs exited ${code}: ${stderr}`)));
  });
  return { url, child, exited, stderr: () => stderr };
}
