/**
 * The compiled CLI (`npm run build` → dist/): the build is current with the sources, and
 * bin/craneml.js runs it (not the TypeScript through tsx), `craneml serve` included.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combinedHash, hashFile, readBuildState, STATE_FILE } from '../../bin/build-state.js';
import { CRANEML_VERSION } from '../../main/version.ts';
import { runCli } from '../helpers/cli.ts';
import { digitSamples, digitsProject, serve } from '../runtime/helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const TRACE = { CRANEML_CLI_TRACE: '1' };

const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('dist/ (npm run build)', () => {
  it('was built from the sources as they are now', () => {
    const state = readBuildState(DIST);
    if (!state) expect.fail(`no ${path.join('dist', STATE_FILE)}: run npm run build`);
    const hashes: Record<string, string> = {};
    const stale: string[] = [];
    for (const [name, facts] of Object.entries(state.files)) {
      const file = path.join(ROOT, name);
      const now = existsSync(file) ? hashFile(file) : 'missing';
      hashes[name] = now;
      if (now !== facts.sha256) stale.push(now === 'missing' ? `${name} (gone)` : name);
    }
    if (stale.length > 0) expect.fail(`dist/ is older than ${stale.join(', ')}: run npm run build`);
    expect(combinedHash(hashes), 'build-state.json hash').toBe(state.hash);
    for (const bundle of ['cli', 'runtime', 'electron', 'renderer', 'config'])
      expect(state.bundles[bundle]?.length ?? 0, `sources recorded for ${bundle}`).toBeGreaterThan(0);
    expect(state.bundles.cli).toContain('main/cli/index.ts');
    expect(state.bundles.runtime).toContain('templates/runtime-node/src/embed.ts');
  });
});

/** The packages a compiled file loads before any of its code runs: its static imports, through its chunks. */
function staticPackages(dir: string, entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    // esbuild writes static imports as `import ... from "x";` or `import "x";` (dynamic ones as import("x")).
    for (const [, specifier] of readFileSync(path.join(dir, file), 'utf8').matchAll(/^import\s(?:[^"();]*?\sfrom\s*)?"([^"]+)";/gm)) {
      if (specifier!.startsWith('./')) visit(specifier!.slice(2));
      else packages.add(specifier!);
    }
  };
  visit(entry);
  return packages;
}

describe('the compiled CLI', () => {
  it('loads commander and Node’s own modules only until a command runs (each command imports the rest)', () => {
    const packages = [...staticPackages(path.join(DIST, 'cli'), 'craneml.mjs')].filter((name) => !name.startsWith('node:'));
    expect(packages).toEqual(['commander']);
  });
});

describe('the compiled CLI’s dependencies (main/bundling/cli-dependencies.ts)', () => {
  /** The CommonJS files a CLI run loaded from node_modules, read from require.cache as it exits. */
  async function loadedPackageFiles(args: string[], env: NodeJS.ProcessEnv): Promise<{ stderr: string; files: string[] }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-loaded-'));
    cleanup.push(dir);
    const preload = path.join(dir, 'record.cjs');
    const record = path.join(dir, 'loaded.json');
    await writeFile(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const result = await runCli(args, { env: { ...env, NODE_OPTIONS: `--require ${preload}` } });
    const files = (JSON.parse(await readFile(record, 'utf8')) as string[]).filter((file) =>
      file.includes(`${path.sep}node_modules${path.sep}`),
    );
    return { stderr: result.stderr, files };
  }
  const from = (files: string[], name: string) =>
    files.filter((file) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));

  it('a Docker command loads neither the SSH nor the BuildKit (gRPC) client, nor dockerode from node_modules', async () => {
    const { stderr, files } = await loadedPackageFiles(['ls'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(stderr).toMatch(/no Docker daemon answered/);
    expect(from(files, 'ssh2')).toEqual([]);
    expect(from(files, '@grpc')).toEqual([]);
    expect(from(files, 'dockerode')).toEqual([]);
  });

  it('loads the SSH client from node_modules when DOCKER_HOST is ssh://, at the first connection', async () => {
    const { stderr, files } = await loadedPackageFiles(['ls'], { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1' });
    expect(stderr).toMatch(/no Docker daemon answered \(tried DOCKER_HOST ssh:\/\/nobody@127\.0\.0\.1:1: connection refused\)/);
    expect(from(files, 'ssh2').length).toBeGreaterThan(0);
    expect(from(files, 'docker-modem').map((file) => path.basename(file))).toContain('ssh.js');
  });
});

describe('the compiled CLI and a Docker endpoint that redirects (main/docker/modem-redirects.ts)', () => {
  it('follows no redirect: the host a 301 names is never contacted, and the command ends with one line', async () => {
    const elsewhere = http.createServer((_, res) => res.end('{}'));
    let contacted = 0;
    elsewhere.on('connection', () => contacted++);
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/x`;
    const redirecting = http.createServer((_, res) => res.writeHead(301, { Location: target }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runCli(['ls'], { env: { DOCKER_HOST: `tcp://127.0.0.1:${(redirecting.address() as AddressInfo).port}` } });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(contacted).toBe(0);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });
});

describe('bin/craneml.js', () => {
  it('runs the compiled CLI for --version, printing only the version', async () => {
    expect(await runCli(['--version'], { env: TRACE })).toEqual({
      code: 0,
      stdout: `${CRANEML_VERSION}\n`,
      stderr: 'craneml: compiled CLI dist/cli/craneml.mjs\n',
    });
    // Without the trace, nothing but the version.
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${CRANEML_VERSION}\n`, stderr: '' });
  });

  it('runs the TypeScript sources through tsx where there is no build (a fresh clone), saying why when asked', async () => {
    // A clone without dist/: bin/ copied (Node runs a linked script from where the link points),
    // the sources and node_modules linked.
    const clone = await mkdtemp(path.join(os.tmpdir(), 'craneml-clone-'));
    cleanup.push(clone);
    await mkdir(path.join(clone, 'bin'));
    for (const name of ['craneml.js', 'build-state.js']) await copyFile(path.join(ROOT, 'bin', name), path.join(clone, 'bin', name));
    for (const name of ['main', 'templates', 'node_modules', 'package.json']) await symlink(path.join(ROOT, name), path.join(clone, name));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(clone, 'bin', 'craneml.js'), '--version'], {
      env: { ...process.env, ...TRACE },
    });
    expect(stdout).toBe(`${CRANEML_VERSION}\n`);
    expect(stderr).toBe('craneml: running the TypeScript sources through tsx: no build in dist (npm run build makes it)\n');
  });
});

describe('craneml serve from the build', () => {
  let project: string;
  beforeAll(async () => {
    project = await digitsProject();
    cleanup.push(project);
  });

  it('loads the pre-bundled model server (dist/runtime/embed.mjs), whose codec workers answer a picture', async () => {
    const served = await serve(project, { env: { ...TRACE, CRANEML_LOG: 'off' } });
    try {
      expect(served.stderr()).toBe(
        `craneml: compiled CLI dist/cli/craneml.mjs\ncraneml: model server ${path.join(DIST, 'runtime', 'embed.mjs')}\n`,
      );
      expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
      const [digit, png] = (await digitSamples())[7]!;
      const response = await fetch(`${served.url}/predict`, {
        method: 'POST',
        body: new Uint8Array(png),
        headers: { 'Content-Type': 'image/png' },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { predictions: { label: string }[] }).predictions[0]!.label).toBe(String(digit));
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
