/** The shell's small parts without Electron: the app:// protocol, model files by path, the menu, packaged paths, Docker from a launcher. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedResources } from '../../main/packaging/app-resources.ts';
import { discoverDocker } from '../../main/docker/discover.ts';
import { dockerDesktopStrategy } from '../../main/docker/socket-strategies.ts';
import { rendererPage, serveRenderer } from '../../main/electron/app-protocol.ts';
import { menuTemplate } from '../../main/electron/menu.ts';
import { isModelFile, modelFileFromArgs, modelFilePaths } from '../../main/electron/model-files.ts';
import { onScreen, readWindowState } from '../../main/electron/window-state.ts';
import { CSP } from '../../main/web/page.ts';
import { pingOnly, startFakeDocker } from '../unit/docker/fake-docker.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-shell-'));
  await writeFile(path.join(dir, 'index.html'), rendererPage());
  await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'app.css'), 'body{}');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the app:// protocol', () => {
  it('serves the page, script and stylesheet with the web mode’s strict CSP header', async () => {
    for (const [url, type] of [
      ['app://craneml/', 'text/html'],
      ['app://craneml/index.html', 'text/html'],
      ['app://craneml/app.js', 'text/javascript'],
      ['app://craneml/app.css', 'text/css'],
    ] as const) {
      const response = await serveRenderer({ url, method: 'GET' }, dir);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect(response.headers.get('content-type')).toContain(type);
    }
    expect(CSP).toContain("script-src 'self'");
  });

  it('serves nothing else: no other file, host or method, no way out of the folder', async () => {
    for (const url of [
      'app://craneml/../package.json',
      'app://craneml/%2e%2e/package.json',
      'app://craneml/main.js',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect((await serveRenderer({ url, method: 'GET' }, dir)).status, url).toBe(404);
    }
    expect((await serveRenderer({ url: 'app://craneml/index.html', method: 'POST' }, dir)).status).toBe(405);
  });

  it('loads a page that carries no session token and repeats its CSP in a meta tag', () => {
    const page = rendererPage();
    expect(page).toContain('<meta name="craneml-token" content="">');
    expect(page).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';`);
  });
});

describe('model files opened by path', () => {
  it('takes an .onnx with its .onnx.data, and model.json with the shards it names', async () => {
    await writeFile(path.join(dir, 'net.onnx'), 'a');
    await writeFile(path.join(dir, 'net.onnx.data'), 'bb');
    await writeFile(
      path.join(dir, 'model.json'),
      JSON.stringify({ weightsManifest: [{ paths: ['group1-shard1of1.bin', '../escape.bin'] }] }),
    );
    await writeFile(path.join(dir, 'group1-shard1of1.bin'), 'ccc');
    expect(await modelFilePaths(path.join(dir, 'net.onnx'))).toEqual([path.join(dir, 'net.onnx'), path.join(dir, 'net.onnx.data')]);
    expect((await modelFilePaths(path.join(dir, 'model.json'))).map((f) => path.basename(f))).toEqual([
      'model.json',
      'group1-shard1of1.bin',
    ]);
  });

  it('finds the model on a command line (file association, second instance), ignoring flags and the app itself', () => {
    expect(modelFileFromArgs(['/opt/CraneML/craneml-app', '--no-sandbox', 'models/mnist.onnx'], '/home/me')).toBe(
      '/home/me/models/mnist.onnx',
    );
    expect(modelFileFromArgs(['electron', '.', '/data/model.json'], '/x')).toBe('/data/model.json');
    expect(modelFileFromArgs(['craneml-app', 'notes.txt'], '/x')).toBeUndefined();
    expect(['a.onnx', 'b.H5', 'c.keras', 'model.json', 'other.json', 'x.png'].map(isModelFile)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    // Notebook models open too; a LightGBM .txt or XGBoost .json is too generic a name to be taken for one.
    expect(['cancer.joblib', 'm.pkl', 'm.pickle', 'm.skops', 'wine.ubj', 'm.cbm', 'notes.txt'].map(isModelFile)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('window state', () => {
  it('falls back to the default size for a missing or damaged file and keeps a position only on a display', async () => {
    await writeFile(path.join(dir, 'bad.json'), '{"width": "wide"}');
    expect(readWindowState(path.join(dir, 'bad.json'))).toEqual({ width: 1200, height: 820 });
    const screenArea = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(onScreen({ x: 10, y: 10, width: 900, height: 600 }, screenArea)).toMatchObject({ x: 10, y: 10 });
    expect(onScreen({ x: 10, y: 2000, width: 900, height: 600 }, screenArea)).toEqual({ width: 900, height: 600, maximized: undefined });
  });
});

describe('the application menu', () => {
  const labels = (items: { label?: string; role?: string }[]) => items.map((i) => i.label ?? i.role);

  it('has File › Open model…, recent projects and Help › API docs of the running model', () => {
    const opened: string[] = [];
    const template = menuTemplate({
      isMac: false,
      recent: [
        { dir: '/p/digits', name: 'digits', version: '1.0.0', format: 'onnx', inputKind: 'image', labels: 10, defaultTag: 'digits:1.0.0' },
      ],
      docsUrl: 'http://127.0.0.1:8080/docs',
      openModel: () => opened.push('model'),
      openProject: (d) => opened.push(d),
      openDocs: (url) => opened.push(url),
    });
    expect(labels(template as never)).toEqual(['File', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    const file = template[0]!.submenu as { label?: string; click?: () => void; submenu?: { click?: () => void }[] }[];
    expect(file[0]!.label).toBe('Open model…');
    file[0]!.click!();
    file[1]!.submenu![0]!.click!();
    const help = template[4]!.submenu as { label: string; enabled: boolean; click: () => void }[];
    expect(help[0]).toMatchObject({ label: 'API docs of the running model', enabled: true });
    help[0]!.click();
    expect(opened).toEqual(['model', '/p/digits', 'http://127.0.0.1:8080/docs']);
  });

  it('greys out the API docs until a model runs, and starts with the app menu on macOS', () => {
    const template = menuTemplate({ isMac: true, recent: [], openModel() {}, openProject() {}, openDocs() {} });
    expect(template[0]).toEqual({ role: 'appMenu' });
    expect((template.at(-1)!.submenu as { enabled: boolean }[])[0]!.enabled).toBe(false);
  });
});

describe('packaged-app paths', () => {
  it('are the resources folder only when the code runs from inside an app.asar', () => {
    expect(packagedResources('/opt/CraneML/resources', '/opt/CraneML/resources/app.asar/dist/electron/main.js')).toBe(
      '/opt/CraneML/resources',
    );
    expect(packagedResources('/repo/node_modules/electron/dist/resources', '/repo/dist/electron/main.js')).toBeUndefined();
    expect(packagedResources(undefined, '/repo/main/packaging/app-resources.ts')).toBeUndefined();
  });
});

describe('Docker discovery from a desktop launcher', () => {
  it('finds Docker Desktop’s socket with a minimal PATH and no DOCKER_HOST (no docker CLI is run)', async () => {
    const fake = await startFakeDocker(pingOnly);
    const home = path.join(dir, 'home');
    try {
      await mkdir(path.join(home, '.docker/run'), { recursive: true });
      await symlink(fake.socketPath, path.join(home, '.docker/run/docker.sock'));
      const { endpoint } = await discoverDocker({
        context: { platform: 'darwin', env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' }, homedir: home },
        strategies: [dockerDesktopStrategy],
      });
      expect(endpoint).toMatchObject({ via: 'Docker Desktop' });
    } finally {
      await fake.close();
    }
  });
});
