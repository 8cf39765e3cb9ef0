/**
 * The Python runtime's image against the real daemon: the dependency image made once in a container
 * (pip's lines streamed, wheels kept in the pip cache), the model image FROM it with the layout the
 * server expects (user 1000, env, /app, /model, entrypoint, health check), a model-only rebuild that
 * reuses every layer but the model's, a requirement no index has failing with pip's line, and the
 * whole recipe (the export's) building with Docker alone. Figures go to the log (no timed assertion).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModel } from '../../main/packaging/context.ts';
import { packageImage } from '../../main/packaging/package-image.ts';
import { forgetBuiltImage } from '../../main/docker/built-images.ts';
import { resolveBaseImage } from '../../main/docker/base-image.ts';
import { buildImage } from '../../main/docker/build-image.ts';
import type { BuildStreamEvent } from '../../main/docker/build-stream.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { runContainer } from '../../main/docker/run-container.ts';
import { ImageBuildError } from '../../main/errors.ts';
import { parseManifest } from '../../main/manifest.ts';
import type { Project } from '../../main/project.ts';
import { depsTag as depsTagOf, ensureDepsImage } from '../../main/runtimes/python/deps-image.ts';
import { pythonRuntime } from '../../main/runtimes/python/index.ts';
import type { PreparedRuntime } from '../../main/runtimes/types.ts';
import { PYTHON_IMAGE_ENV } from '../helpers/python-image-layout.ts';
import { outputOf } from './output-of.ts';
import { cleanupByLabel, countByLabel, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('python-image');
const PLATFORM = 'linux/amd64';
const tag = (name: string): string => `craneml-test/python-image-${name}:${process.pid}`;

const PREDICT_PY = `import json


class Predictor:
    def setup(self):
        with open("weights.json") as handle:
            self.weights = json.load(handle)

    def predict(self, rows):
        return [{"value": sum(self.weights.get(k, 0) * v for k, v in row.items())} for row in rows]
`;

async function fileEntry(dir: string, file: string): Promise<{ path: string; sha256: string; bytes: number }> {
  const bytes = await readFile(path.join(dir, file));
  return { path: file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/** A predict.py project with no declared columns; `six` makes its dependency image this test's own. */
async function writeProject(dir: string, weights: Record<string, number>, requirementsFile?: string): Promise<Project> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'predict.py'), PREDICT_PY);
  await writeFile(path.join(dir, 'weights.json'), JSON.stringify(weights));
  const files = ['predict.py', 'weights.json', ...(requirementsFile ? ['requirements.txt'] : [])];
  if (requirementsFile) await writeFile(path.join(dir, 'requirements.txt'), requirementsFile);
  const manifest = parseManifest({
    name: 'python-image-test',
    version: '1.0.0',
    format: 'python',
    runtime: 'python',
    model: { entry: 'predict.py', files: await Promise.all(files.map((f) => fileEntry(dir, f))) },
    signature: {
      inputs: [{ name: 'rows', dtype: 'string', shape: [-1] }],
      outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
    },
    input: { kind: 'rows' },
    python: {
      version: '3.11',
      requirements: ['six==1.17.0'],
      ...(requirementsFile ? { requirements_file: 'requirements.txt' } : {}),
      source: { kind: 'predictor' },
    },
  });
  await writeFile(path.join(dir, 'craneml.json'), JSON.stringify(manifest, null, 2));
  return { dir, manifest, entry: path.join(dir, 'predict.py') };
}

/**
 * `image` with its own HEALTHCHECK (the same probe, timeout, start period and retries) run every
 * second: Docker runs the first probe one interval after the start, and the image's 10 s interval
 * would be waited out. Tagged `target`, under the test's labels.
 */
async function withQuickProbe(image: string, target: string): Promise<string> {
  const check = (await docker!.getImage(image).inspect()).Config.Healthcheck as
    { Test: string[]; Timeout: number; StartPeriod: number; Retries: number } | undefined;
  expect(check?.Test[0]).toBe('CMD');
  const seconds = (ns: number) => `${ns / 1e9}s`;
  const dockerfile = [
    `FROM ${image}`,
    `LABEL ${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    `HEALTHCHECK --interval=1s --timeout=${seconds(check!.Timeout)} --start-period=${seconds(check!.StartPeriod)} --retries=${check!.Retries} CMD ${JSON.stringify(check!.Test.slice(1))}`,
  ].join('\n');
  const build = promisify(execFile)('docker', ['build', '-q', '-t', target, '-'], { timeout: 120_000 });
  build.child.stdin!.end(dockerfile);
  await build;
  return target;
}

/** The output of a one-off container of `image` running `python -c script` as the image's user. */
const pythonIn = (image: string, script: string): Promise<string> => outputOf(docker!, image, ['python', '-c', script], labels);

describe.skipIf(!docker)('a Python-runtime image', () => {
  const d = docker!;
  let tmp = '';
  let cacheDir = '';
  let base = '';
  let project: Project;
  let runtime: PreparedRuntime;
  let depsTag = '';
  let firstId = '';
  const figures: Record<string, string> = {};
  const made: string[] = [];
  const savedCache = process.env.CRANEML_CACHE_DIR;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-python-image-'));
    cacheDir = path.join(tmp, 'cache');
    process.env.CRANEML_CACHE_DIR = cacheDir;
    project = await writeProject(path.join(tmp, 'project'), { a: 2, b: 3 });
    const choice = pythonRuntime.base(project.manifest);
    base = (await resolveBaseImage(d, choice.image, { fallback: choice.local, fallbackRecipe: choice.localRecipe, pullTimeoutMs: 60_000 }))
      .image;
    // Prepared once: colleagues editing the server's sources while this runs must not change it between builds.
    runtime = await pythonRuntime.prepare(project, PLATFORM, { cacheDir });
    // The dependency image is this test's own (six): one a killed run left would make the first build a reuse.
    const [requirements, script] = await Promise.all(
      ['requirements.txt', 'install.sh'].map((f) => readFile(path.join(runtime.dir, 'deps', f), 'utf8')),
    );
    const leftover = depsTagOf((await d.getImage(base).inspect()).Id, PLATFORM, requirements!, script!);
    await d
      .getImage(leftover)
      .remove({ force: true })
      .catch(() => undefined);
  });

  afterAll(async () => {
    console.log(`[python-image] figures on this machine: ${JSON.stringify(figures)}`);
    if (savedCache === undefined) delete process.env.CRANEML_CACHE_DIR;
    else process.env.CRANEML_CACHE_DIR = savedCache;
    // packageImage labels its images as any build does: these go by name, the dependency image last.
    for (const ref of [tag('probed'), tag('first'), tag('second'), ...made, depsTag].filter(Boolean))
      await d
        .getImage(ref)
        .remove({ force: true })
        .catch(() => undefined);
    for (const id of made) await forgetBuiltImage(id);
    await cleanupByLabel(d, labels);
    await rm(tmp, { recursive: true, force: true });
    expect(await countByLabel(d, labels)).toEqual({ containers: 0, images: 0 });
  });

  /** The model image of `p` as `craneml build` makes it (packageImage), its figures and its events. */
  async function build(p: Project, name: string, events: BuildStreamEvent[] = []): Promise<{ id: string; ms: number; depsMs: number }> {
    let depsDone = 0;
    const started = performance.now();
    const packaged = await packageImage(d, p, {
      runtime,
      tag: tag(name),
      platform: PLATFORM,
      onEvent: (e) => {
        if (e.type === 'build') events.push(e.event);
        if (e.type === 'notice' && /dependency image (craneml\/python-deps:\w+)/.test(e.message)) {
          depsTag = /(craneml\/python-deps:\w+)/.exec(e.message)![1]!;
          depsDone = performance.now();
        }
      },
    });
    made.push(packaged.imageId);
    expect(packaged.baseImage).toBe(base);
    return { id: packaged.imageId, ms: packaged.ms, depsMs: depsDone - started };
  }

  it('makes the dependency image in a container, streaming pip, and builds the model image FROM it', { timeout: 900_000 }, async () => {
    const events: BuildStreamEvent[] = [];
    const first = await build(project, 'first', events);
    firstId = first.id;
    figures.firstBuildS = (first.ms / 1000).toFixed(1);
    figures.dependencyImageS = (first.depsMs / 1000).toFixed(1);
    const log = events.flatMap((e) => (e.type === 'log' ? [e.text] : []));
    expect(log).toContainEqual(expect.stringMatching(/^Successfully installed .*six-1\.17\.0/));
    expect(log).toContainEqual(expect.stringMatching(/^Collecting starlette==/));

    const [image, deps, baseInfo] = await Promise.all([
      d.getImage(first.id).inspect(),
      d.getImage(depsTag).inspect(),
      d.getImage(base).inspect(),
    ]);
    figures.imageMB = (image.Size / 1e6).toFixed(0);
    figures.baseMB = (baseInfo.Size / 1e6).toFixed(0);
    figures.dependencyLayerMB = ((deps.Size - baseInfo.Size) / 1e6).toFixed(0);
    // Layers: the base's, then the dependency layer, then the runtime's and the model's.
    expect(deps.RootFS.Layers!.slice(0, baseInfo.RootFS.Layers!.length)).toEqual(baseInfo.RootFS.Layers);
    expect(image.RootFS.Layers!.slice(0, deps.RootFS.Layers!.length)).toEqual(deps.RootFS.Layers);
    expect(image.RootFS.Layers!.length).toBe(deps.RootFS.Layers!.length + 3); // WORKDIR /model, runtime/, model/
    // Nothing of the host's pip settings or the install command stays in the dependency image.
    expect((deps.Config.Env ?? []).filter((e) => /PIP_|PROXY/i.test(e))).toEqual([]);
    expect(deps.Config.Cmd).toEqual(['python3']);
    expect(image.Config.Cmd ?? []).toEqual([]);

    expect(image.Config.User).toBe('1000:1000');
    expect(image.Config.Entrypoint).toEqual(['python', '-m', 'craneml_runtime']);
    expect(image.Config.WorkingDir).toBe('/model');
    expect(image.Config.Healthcheck?.Test).toEqual(['CMD', 'python', '-m', 'craneml_runtime.health']);
    expect((image.Config as { StopSignal?: string }).StopSignal).toBe('SIGTERM');
    expect(image.Config.Env).toEqual(expect.arrayContaining([...PYTHON_IMAGE_ENV]));

    const inside = JSON.parse(
      await pythonIn(
        first.id,
        [
          'import importlib.util, json, os, sys',
          'import cog, craneml_runtime, six, starlette, uvicorn',
          'print(json.dumps({"uid": os.getuid(), "python": sys.executable, "runtime": craneml_runtime.__file__, "cog": cog.__file__,',
          '  "model": sorted(os.listdir("/model")), "pip": importlib.util.find_spec("pip") is not None,',
          '  "requirements": open("/app/deps/requirements.txt").read(), "writable": os.access("/app", os.W_OK) or os.access("/model", os.W_OK)}))',
        ].join('\n'),
      ),
    ) as Record<string, unknown>;
    expect(inside).toMatchObject({
      uid: 1000,
      python: '/opt/venv/bin/python',
      runtime: '/app/craneml_runtime/__init__.py',
      cog: '/app/cog/__init__.py',
      model: ['craneml.json', 'predict.py', 'weights.json'],
      pip: false,
      writable: false,
    });
    expect(inside.requirements).toMatch(/^six==1\.17\.0$/m);
  });

  it('serves: started as craneml run starts it, /readyz answers 200, and Docker finds it healthy', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const image = await withQuickProbe(tag('first'), tag('probed'));
    const running = await runContainer(d, { image, port, labels, readyTimeoutMs: 120_000 });
    figures.startToReadyMs = String(running.readyMs);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    const answer = await fetch(`${running.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ a: 1, b: 1 }] }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { predictions: unknown[] }).predictions).toEqual([{ value: 5 }]);
    // The image's own HEALTHCHECK (python -m craneml_runtime.health), every second here: poll Docker's verdict.
    let health = '';
    for (let i = 0; i < 240 && health !== 'healthy'; i++) {
      health = (await d.getContainer(running.id).inspect()).State.Health?.Status ?? '';
      if (health !== 'healthy') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(health).toBe('healthy');
    await d.getContainer(running.id).remove({ force: true });
  });

  it('rebuilds a model-only change on the same dependency image, every layer but the model’s the same', { timeout: 600_000 }, async () => {
    const deps = depsTag;
    const changed = await writeProject(project.dir, { a: 20, b: 30 });
    const events: BuildStreamEvent[] = [];
    const second = await build(changed, 'second', events);
    // Only the model went to the daemon: the runtime layer of the first build is reused.
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { instruction: string }).instruction)).toContain('COPY model/ /model/');
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { instruction: string }).instruction)).not.toContain(
      'COPY runtime/ /app/',
    );
    figures.modelOnlyRebuildS = (second.ms / 1000).toFixed(1);
    expect(depsTag).toBe(deps);
    const [a, b] = await Promise.all([d.getImage(firstId).inspect(), d.getImage(second.id).inspect()]);
    expect(b.RootFS.Layers!.slice(0, -1)).toEqual(a.RootFS.Layers!.slice(0, -1));
    expect(b.RootFS.Layers!.at(-1)).not.toBe(a.RootFS.Layers!.at(-1));
    expect(JSON.parse(await pythonIn(second.id, 'print(open("/model/weights.json").read())'))).toEqual({ a: 20, b: 30 });
  });

  it('takes the wheels from the cache folder when the dependency image is made again', { timeout: 900_000 }, async () => {
    await d.getImage(depsTag).remove({ force: true });
    const events: BuildStreamEvent[] = [];
    const started = performance.now();
    const again = await ensureDepsImage(d, {
      runtimeDir: runtime.dir,
      base,
      platform: PLATFORM,
      cacheDir,
      labels,
      onEvent: (e) => events.push(e),
    });
    figures.dependencyImageWarmCacheS = ((performance.now() - started) / 1000).toFixed(1);
    expect(again).toMatchObject({ tag: depsTag, built: true });
    const log = events.flatMap((e) => (e.type === 'log' ? [e.text] : []));
    expect(log).toContainEqual(expect.stringMatching(/File was already downloaded .*\/six-1\.17\.0-py2\.py3-none-any\.whl$/));
    expect(log.filter((line) => /^\s*Downloading /.test(line))).toEqual([]);
    expect(await readdir(path.join(cacheDir, 'pip', 'wheels'))).toContain('six-1.17.0-py2.py3-none-any.whl');
  });

  it("fails a requirement no index has with pip's own line, leaving no container", { timeout: 600_000 }, async () => {
    const bad = await writeProject(path.join(tmp, 'bad'), { a: 1 }, 'craneml-h8-no-such-package==1.0.0\n');
    const prepared = await pythonRuntime.prepare(bad, PLATFORM, { cacheDir });
    const error = await ensureDepsImage(d, { runtimeDir: prepared.dir, base, platform: PLATFORM, cacheDir, labels }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as Error).message).toBe('ERROR: No matching distribution found for craneml-h8-no-such-package==1.0.0');
    expect((await countByLabel(d, labels)).containers).toBe(0);
  });

  it('builds from the whole recipe with Docker alone, as an export does', { timeout: 900_000 }, async () => {
    const context = await mkdtemp(path.join(tmp, 'export-'));
    await cp(runtime.dir, path.join(context, 'runtime'), { recursive: true });
    await writeModel(path.join(context, 'model'), project);
    await writeFile(path.join(context, 'Dockerfile'), await pythonRuntime.dockerfile(project.manifest, base, labels));
    // Here pip reaches PyPI through a proxy whose CA the host trusts, over the host's network (no bridge).
    await copyFile('/etc/ssl/certs/ca-certificates.crt', path.join(context, 'runtime', 'deps', 'host-ca.crt'));
    const started = performance.now();
    const built = await buildImage(d, context, { tag: tag('export'), platform: PLATFORM, networkmode: 'host' });
    figures.wholeRecipeBuildS = ((performance.now() - started) / 1000).toFixed(1);
    const inside = await pythonIn(built.imageId, 'import os, six, starlette, craneml_runtime; print(os.getuid())');
    expect(inside.trim()).toBe('1000');
  });
});
