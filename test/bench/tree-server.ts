/** A model server built from one git revision's own tree: a worktree, its bundler, a running server. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../runtime/helpers.ts';
import { ready } from './children.ts';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Where a tree keeps bundleRuntime(): it moved with the folders that hold it. */
const BUNDLERS = ['main/runtimes/node/bundle-runtime.ts', 'main/packaging/bundle-runtime.ts', 'main/build/bundle-runtime.ts'];

export function git(...argv: string[]): string {
  const out = spawnSync('git', argv, { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git ${argv.join(' ')}: ${out.stderr}`);
  return out.stdout.trim();
}

/** A checkout of `rev` under `dir`, using this repository's node_modules; remove it with removeWorktree. */
export async function worktree(rev: string, dir: string): Promise<string> {
  git('worktree', 'add', '--detach', dir, rev);
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

export function removeWorktree(dir: string): void {
  git('worktree', 'remove', '--force', dir);
}

/** Bundles `tree`'s model server into `out` with that tree's own bundler (its esbuild recipe included). */
export async function bundleTree(tree: string, out: string, scratch: string): Promise<void> {
  const bundler = BUNDLERS.map((file) => path.join(tree, file)).find((file) => existsSync(file));
  if (!bundler) throw new Error(`${tree} has no bundle-runtime.ts in ${BUNDLERS.join(', ')}`);
  const script = path.join(scratch, `bundle-${path.basename(out)}.mts`);
  await writeFile(
    script,
    `const { bundleRuntime } = await import(${JSON.stringify(bundler)});\nawait bundleRuntime(${JSON.stringify(out)});\n`,
  );
  const result = spawnSync(process.execPath, [path.join(tree, 'bin/tsx.js'), script], { cwd: tree, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundling ${tree} failed: ${result.stderr}`);
  await writeFile(path.join(out, 'package.json'), '{"type":"module"}\n');
  // sharp and onnxruntime-node stay outside the bundle: resolved from beside it.
  await symlink(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
}

/** Starts a bundled server on `project` with the environment images give it, plus `env`; resolves once ready. */
export async function startBundled(runtimeDir: string, project: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(runtimeDir, 'server.mjs')], {
    env: {
      ...process.env,
      CRANEML_PROJECT: project,
      PORT: String(port),
      HOST: '127.0.0.1',
      CRANEML_LOG: 'off',
      CRANEML_API_KEY: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await ready(`http://127.0.0.1:${port}/readyz`);
  return { child, port };
}

/** CPU milliseconds a process has used (user + system, all threads), from /proc; NaN elsewhere. */
export async function processCpuMs(pid: number | undefined): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
    // After the command's closing bracket: state is field 3, utime 14 and stime 15 (clock ticks, 100 a second).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
