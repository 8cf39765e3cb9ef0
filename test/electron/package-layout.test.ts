/**
 * The package layout, built by electron-builder around a stand-in Electron (a dummy executable:
 * Electron's binary cannot be downloaded here, so no real Electron runs). The installers
 * themselves (AppImage, deb, dmg, nsis) are built only by .github/workflows/release.yml.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBuildCurrent } from '../../bin/build-state.js';
import { packagedResources } from '../../main/packaging/app-resources.ts';
import { CRANEML_VERSION } from '../../main/version.ts';
import { CSP } from '../../main/web/page.ts';
import { buildApp } from '../../scripts/build-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAND_IN = '#!/bin/sh\necho "stand-in for Electron: no real Electron here" >&2\nexit 1\n';

let work: string;
let resources: string;
let asarFile: string;
let entries: Set<string>;
let bootOutput: string;

/** Builds dist/ unless `npm run build` already made it from these very sources (its build-state.json says so). */
async function currentBuild(dist: string): Promise<void> {
  if (!isBuildCurrent(ROOT, dist)) await buildApp(dist);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'craneml-package-'));
  const electronDist = path.join(work, 'electron-stand-in');
  await mkdir(path.join(electronDist, 'resources'), { recursive: true });
  await writeFile(path.join(electronDist, 'electron'), STAND_IN);
  await chmod(path.join(electronDist, 'electron'), 0o755);
  await writeFile(path.join(electronDist, 'LICENSE'), 'stand-in\n');
  await currentBuild(path.join(ROOT, 'dist'));
  const builder = path.join(ROOT, 'node_modules/.bin/electron-builder');
  // The built main boots on the fake electron (a child process) while electron-builder packs.
  const booting = promisify(execFile)(
    process.execPath,
    ['--import', 'tsx/esm', '--import', './electron-alias.mjs', 'boot-built-main.ts', path.join(ROOT, 'dist'), work],
    { cwd: path.join(ROOT, 'test/electron') },
  );
  await promisify(execFile)(
    builder,
    [
      '--linux',
      'dir',
      '--config',
      'electron.config.ts',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${path.join(work, 'out')}`,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  bootOutput = (await booting).stdout;
  resources = path.join(work, 'out/linux-unpacked/resources');
  asarFile = path.join(resources, 'app.asar');
  entries = new Set(listPackage(asarFile, { isPack: false }).map((entry) => entry.split(path.sep).join('/')));
}, 170_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('electron-builder --linux dir around a stand-in Electron binary (no real Electron ran)', () => {
  it('ships the stand-in as the app executable, so nothing here came from a real Electron', async () => {
    expect(await readFile(path.join(work, 'out/linux-unpacked/craneml-app'), 'utf8')).toBe(STAND_IN);
  });

  it('puts the compiled main, the preload and the renderer bundle in app.asar, with package.json pointing at the main', () => {
    for (const file of [
      'dist/electron/main.js',
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/app.js',
      'dist/renderer/app.css',
    ]) {
      expect(entries.has(`/${file}`), file).toBe(true);
    }
    const manifest = JSON.parse(extractFile(asarFile, 'package.json').toString('utf8')) as { main: string; version: string };
    expect(manifest.main).toBe('dist/electron/main.js');
    expect(entries.has('/main/electron/main.ts')).toBe(false); // sources stay out
  });

  it('has a built main that boots on the fake electron: one window on app://, the built page served, appState answered', async () => {
    const boot = JSON.parse(bootOutput.trim().split('\n').at(-1)!) as {
      windows: number;
      url: string;
      preload: string;
      page: { status: number; csp: string; html: string };
      state: { result: { version: string } };
    };
    expect(boot).toMatchObject({ windows: 1, url: 'app://craneml/index.html', page: { status: 200, csp: CSP } });
    expect(boot.preload).toBe(path.join(ROOT, 'dist/electron/preload.cjs'));
    expect(boot.page.html).toContain('<script type="module" src="/app.js">');
    expect(boot.state.result.version).toBe(CRANEML_VERSION);
  });

  it('takes the version from package.json', async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(JSON.parse(extractFile(asarFile, 'package.json').toString('utf8')).version).toBe(version);
    expect(extractFile(asarFile, 'dist/electron/main.js').toString('utf8')).toContain(`CRANEML_VERSION = "${version}"`);
  });

  it("puts the templates, the pre-bundled model server, the Python runtime's image codec and the digits example in resources/, where process.resourcesPath finds them", () => {
    for (const file of [
      'templates/Dockerfile.node',
      'templates/export',
      'runtime/server.mjs',
      'runtime/package.json',
      'codec/codec.mjs',
      'examples/digits/model.onnx',
      'examples/digits/craneml.json',
    ]) {
      expect(existsSync(path.join(resources, file)), file).toBe(true);
    }
    expect(packagedResources(resources, path.join(resources, 'app.asar', 'dist', 'electron', 'main.js'))).toBe(resources);
  });

  it('unpacks the native packages the image build copies, with Linux’s onnxruntime binaries only', async () => {
    const unpacked = path.join(resources, 'app.asar.unpacked/node_modules');
    for (const name of [
      'onnxruntime-node',
      'onnxruntime-common',
      'sharp',
      'detect-libc',
      'semver',
      '@img/colour',
      '@tensorflow/tfjs-backend-wasm',
    ]) {
      expect(existsSync(path.join(unpacked, name, 'package.json')), name).toBe(true);
      expect(statFile(asarFile, `node_modules/${name}/package.json`), name).toMatchObject({ unpacked: true });
    }
    expect(existsSync(path.join(unpacked, 'onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'))).toBe(true);
    expect(await readdir(path.join(unpacked, 'onnxruntime-node/bin/napi-v6'))).toEqual(['linux']);
    expect((await readdir(path.join(unpacked, '@img'))).some((name) => name.startsWith('sharp-linux-'))).toBe(true);
  });
});
