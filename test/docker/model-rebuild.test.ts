/**
 * A model-only rebuild against the real daemon: the second build of a project whose model changed
 * reuses the runtime layer of the first (only the model goes to the daemon), every layer but the
 * model's is the same, the exported recipe gives the same layers, and the new image answers with
 * the new model. A fresh cache folder makes the first build a full one.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProject } from '../../main/packaging/export.ts';
import { packageImage, type PackagedImage } from '../../main/packaging/package-image.ts';
import { archOf } from '../../main/packaging/context.ts';
import { prepareRuntime, type PreparedRuntime } from '../../main/runtimes/node/runtime-cache.ts';
import { findRuntimeImage, rememberRuntimeImage, runtimeImageOf, type RuntimeLayerKey } from '../../main/packaging/runtime-image.ts';
import { buildImage } from '../../main/docker/build-image.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { runContainer } from '../../main/docker/run-container.ts';
import { Predictor } from '../../main/inference/predictor.ts';
import { initProject, openProject } from '../../main/project.ts';
import { digitSamples, DIGITS } from '../runtime/helpers.ts';
import { countByLabel, LOCAL_BASE, removeContainerAndImage, removeImage, requireDocker } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/model-rebuild:${process.pid}`;
const exportedTag = `craneml-test/model-rebuild-export:${process.pid}`;
const container = `craneml-test-model-rebuild-${process.pid}`;
const name = `rebuild-test-${process.pid}`;
const MODEL = path.join(DIGITS, 'model.onnx');

/** The digits model with some of its weights changed: the same graph and signature, other answers. */
async function changedModel(file: string): Promise<void> {
  const bytes = await readFile(MODEL);
  const middle = Math.floor(bytes.length / 2);
  for (let i = middle; i < middle + 40_000; i++) bytes[i] = bytes[i]! ^ 0x5a;
  await writeFile(file, bytes);
}

/** Every number in a prediction, in order, whatever its shape (label index, scores, top-k). */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe.skipIf(!docker)('a model-only rebuild', () => {
  const d = docker!;
  const savedCache = process.env.CRANEML_CACHE_DIR;
  let tmp = '';
  let project = '';
  let first: PackagedImage;
  let second: PackagedImage;
  // Prepared once: colleagues editing the runtime's sources while this runs must not change it between builds.
  let runtime: PreparedRuntime;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-model-rebuild-'));
    process.env.CRANEML_CACHE_DIR = path.join(tmp, 'cache');
    project = path.join(tmp, 'project');
    await copyFile(MODEL, path.join(tmp, 'model.onnx'));
    await initProject(path.join(tmp, 'model.onnx'), project, { name, preset: 'digits' });
    runtime = await prepareRuntime('onnx', archOf(process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64'));
  }, 300_000);

  afterAll(async () => {
    if (savedCache === undefined) delete process.env.CRANEML_CACHE_DIR;
    else process.env.CRANEML_CACHE_DIR = savedCache;
    await removeContainerAndImage(d, container, tag);
    await removeImage(d, exportedTag);
    await rm(tmp, { recursive: true, force: true });
    expect(await countByLabel(d, { 'io.craneml.model.name': name })).toEqual({ containers: 0, images: 0 });
  });

  it('the first build sends the whole recipe; the rebuild after a model change reuses its runtime layer', async () => {
    first = await packageImage(d, await openProject(project), { tag, baseImage: LOCAL_BASE, runtime });
    expect(first.reusedRuntime).toBe(false);
    const before = await d.getImage(first.imageId).inspect();
    const runtimeImage = await runtimeImageOf(d, first.imageId); // the rebuild removes the first image (same tag)
    expect(runtimeImage).toMatch(/^sha256:[0-9a-f]{64}$/);

    await changedModel(path.join(tmp, 'model.onnx'));
    await initProject(path.join(tmp, 'model.onnx'), project, { name, preset: 'digits', force: true });
    const notices: string[] = [];
    second = await packageImage(d, await openProject(project), {
      tag,
      baseImage: LOCAL_BASE,
      runtime,
      onEvent: (e) => void (e.type === 'notice' && notices.push(e.message)),
    });
    expect(second.reusedRuntime).toBe(true);
    expect(notices.join('\n')).toMatch(/reusing the runtime layer of an earlier build/);
    const after = await d.getImage(second.imageId).inspect();

    // Every layer but the last (the model's) is the same; the model's is new.
    const [a, b] = [before.RootFS.Layers ?? [], after.RootFS.Layers ?? []];
    expect(b.length).toBe(a.length);
    expect(b.slice(0, -1)).toEqual(a.slice(0, -1));
    expect(b.at(-1)).not.toBe(a.at(-1));
    // Both sit on the same runtime image, and the settings above it are the same.
    expect(await runtimeImageOf(d, second.imageId)).toBe(runtimeImage);
    for (const key of ['User', 'WorkingDir', 'Entrypoint', 'Env', 'ExposedPorts', 'Healthcheck', 'StopSignal'] as const)
      expect(after.Config[key as keyof typeof after.Config], key).toEqual(before.Config[key as keyof typeof before.Config]);
    expect(after.Config.Labels['io.craneml.model.sha256']).not.toBe(before.Config.Labels['io.craneml.model.sha256']);
  }, 600_000);

  it('the exported recipe (the full Dockerfile) builds the same layers as the rebuild', async () => {
    const dir = path.join(tmp, 'export');
    await exportProject(await openProject(project), dir, { baseImage: LOCAL_BASE, tag: exportedTag, runtime });
    const built = await buildImage(d, dir, { tag: exportedTag });
    const exported = await d.getImage(built.imageId).inspect();
    const rebuilt = await d.getImage(second.imageId).inspect();
    expect(exported.RootFS.Layers).toEqual(rebuilt.RootFS.Layers);
    expect(built.log.join('\n')).toMatch(/Using cache/);
    await d.getImage(exportedTag).remove();
  }, 600_000);

  it('the rebuilt image answers with the new model', async () => {
    const running = await runContainer(d, { image: tag, name: container, port: await freePort(), readyTimeoutMs: 120_000 });
    const [, png] = (await digitSamples())[3]!;
    const response = await fetch(`${running.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(response.status).toBe(200);
    const served = numbers(((await response.json()) as { predictions: unknown[] }).predictions[0]);

    const expected = async (dir: string): Promise<number[]> => {
      const predictor = await Predictor.open(dir);
      try {
        const [prediction] = await predictor.predict([await predictor.sampleFromImage(png)]);
        return numbers(prediction);
      } finally {
        await predictor.close();
      }
    };
    const now = await expected(project);
    expect(served.length).toBe(now.length);
    served.forEach((p, i) => expect(p).toBeCloseTo(now[i]!, 4));

    // ...and not with the old one.
    const old = path.join(tmp, 'old');
    await copyFile(MODEL, path.join(tmp, 'old.onnx'));
    await initProject(path.join(tmp, 'old.onnx'), old, { name, preset: 'digits' });
    const was = await expected(old);
    expect(served.length === was.length && served.every((p, i) => Math.abs(p - was[i]!) < 1e-4)).toBe(false);
  }, 300_000);

  it('a noted runtime image counts only while the daemon has it on the base image', async () => {
    const baseImageId = (await d.getImage(LOCAL_BASE).inspect()).Id;
    const key: RuntimeLayerKey = { runtimeDigest: 'test', baseImageId, platform: 'linux/amd64', head: `FROM ${baseImageId}\n` };
    const runtimeImage = (await runtimeImageOf(d, second.imageId))!;
    await rememberRuntimeImage(key, runtimeImage);
    expect(await findRuntimeImage(d, key)).toBe(runtimeImage);
    await rememberRuntimeImage(key, baseImageId); // not above the base: a stale or foreign entry
    expect(await findRuntimeImage(d, key)).toBeUndefined();
    await rememberRuntimeImage(key, `sha256:${'0'.repeat(64)}`); // gone from the daemon
    expect(await findRuntimeImage(d, key)).toBeUndefined();
    expect(await findRuntimeImage(d, { ...key, runtimeDigest: 'other' })).toBeUndefined();
  });
});
