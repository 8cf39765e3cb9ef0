import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { treeDigest } from '../../../main/packaging/runtime-cache.ts';
import { renderDockerfile } from '../../../main/runtimes/node/dockerfile.ts';
import { prepareRuntime, type RuntimeCacheOptions } from '../../../main/runtimes/node/runtime-cache.ts';
import { RUNTIME_COPY_LINE, rebuildDockerfile, splitAtRuntimeLayer } from '../../../main/packaging/runtime-image.ts';

describe('the prepared runtime folder, cached by its inputs', () => {
  let tmp = '';
  let source = '';
  let made = 0;
  let options: RuntimeCacheOptions;

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-runtime-cache-'));
    source = path.join(tmp, 'server.ts');
    await writeFile(source, 'export const answer = 42;\n');
    made = 0;
    // Stands for bundling: the folder holds a copy of the one input, which it names.
    options = {
      cacheDir: path.join(tmp, 'cache'),
      recipe: 'test recipe',
      produce: async (dir) => {
        made++;
        await writeFile(path.join(dir, 'server.mjs'), await readFile(source));
        return [source];
      },
    };
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('is made once, then reused while its inputs are unchanged', async () => {
    const first = await prepareRuntime('onnx', 'x64', options);
    expect(first.reused).toBe(false);
    expect(await readFile(path.join(first.dir, 'server.mjs'), 'utf8')).toBe('export const answer = 42;\n');
    expect(first.digest).toBe(await treeDigest(first.dir));
    const second = await prepareRuntime('onnx', 'x64', options);
    expect(second).toEqual({ ...first, reused: true });
    expect(made).toBe(1);
  });

  it('is made again when an input changes, and the old folder is left for pruning', async () => {
    const first = await prepareRuntime('onnx', 'x64', options);
    await writeFile(source, 'export const answer = 43;\n');
    const second = await prepareRuntime('onnx', 'x64', options);
    expect(second.reused).toBe(false);
    expect(second.digest).not.toBe(first.digest);
    expect(await readFile(path.join(second.dir, 'server.mjs'), 'utf8')).toBe('export const answer = 43;\n');
    expect(made).toBe(2);
  });

  it('removes folders no record names once they are ten minutes old, keeping newer ones', async () => {
    const first = await prepareRuntime('onnx', 'x64', options);
    await writeFile(source, 'export const answer = 43;\n');
    const second = await prepareRuntime('onnx', 'x64', options);
    expect(await readdir(path.join(tmp, 'cache', 'runtime'))).toContain(path.basename(first.dir)); // just replaced: kept
    const old = new Date(Date.now() - 11 * 60 * 1000);
    await utimes(first.dir, old, old);
    await writeFile(source, 'export const answer = 44;\n');
    const third = await prepareRuntime('onnx', 'x64', options);
    const left = await readdir(path.join(tmp, 'cache', 'runtime'));
    expect(left).not.toContain(path.basename(first.dir));
    expect(left).toEqual(expect.arrayContaining([path.basename(second.dir), path.basename(third.dir)]));
  });

  it('is reused when only an input’s mtime moved (a checkout), by its sha256', async () => {
    const first = await prepareRuntime('onnx', 'x64', options);
    await utimes(source, new Date(), new Date(Date.now() + 5000));
    expect((await prepareRuntime('onnx', 'x64', options)).digest).toBe(first.digest);
    expect(made).toBe(1);
  });

  it('sees a change that keeps the size (the write moved the mtime, the sha256 differs)', async () => {
    const first = await prepareRuntime('onnx', 'x64', options);
    await writeFile(source, 'export const answer = 24;\n');
    const { digest } = await prepareRuntime('onnx', 'x64', options);
    expect(digest).not.toBe(first.digest);
  });

  it('is kept per format and architecture, and a different recipe never reuses a folder', async () => {
    await prepareRuntime('onnx', 'x64', options);
    expect((await prepareRuntime('onnx', 'arm64', options)).reused).toBe(false);
    expect((await prepareRuntime('tfjs', 'x64', options)).reused).toBe(false);
    expect((await prepareRuntime('onnx', 'x64', { ...options, recipe: 'another' })).reused).toBe(false);
    expect(
      (await readdir(path.join(tmp, 'cache', 'runtime')))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/-[0-9a-f]{12}\.json$/, ''))
        .sort(),
    ).toEqual(['onnx-arm64', 'onnx-x64', 'tfjs-x64']);
  });

  it("is kept per install: another checkout never reuses this one's folder", async () => {
    await prepareRuntime('onnx', 'x64', { ...options, installRoot: '/checkout/a' });
    expect((await prepareRuntime('onnx', 'x64', { ...options, installRoot: '/checkout/a' })).reused).toBe(true);
    expect((await prepareRuntime('onnx', 'x64', { ...options, installRoot: '/checkout/b' })).reused).toBe(false);
    expect(made).toBe(2);
  });

  it('is made again when its folder is gone, and leaves no staging folder behind when making fails', async () => {
    const first = await prepareRuntime('onnx', 'x64', options);
    await rm(first.dir, { recursive: true });
    expect((await prepareRuntime('onnx', 'x64', options)).reused).toBe(false);
    const failing: RuntimeCacheOptions = { ...options, recipe: 'failing', produce: () => Promise.reject(new Error('no esbuild')) };
    await expect(prepareRuntime('onnx', 'x64', failing)).rejects.toThrow('no esbuild');
    expect((await readdir(path.join(tmp, 'cache', 'runtime'))).filter((f) => f.startsWith('.staging'))).toEqual([]);
  });
});

describe('the Dockerfile split at the runtime layer', () => {
  it('puts every setting above the runtime layer, the model below it, and the labels last', async () => {
    const dockerfile = await renderDockerfile('craneml/local-base:node20', { 'io.craneml.model.name': 'digits' });
    const { head, tail } = splitAtRuntimeLayer(dockerfile);
    expect(head.trimEnd().endsWith(RUNTIME_COPY_LINE)).toBe(true);
    for (const instruction of ['ENV', 'WORKDIR', 'USER', 'EXPOSE', 'STOPSIGNAL', 'HEALTHCHECK', 'ENTRYPOINT'])
      expect(head, instruction).toMatch(new RegExp(`^${instruction} `, 'm'));
    const steps = tail.split('\n').filter((line) => /^[A-Z]+ /.test(line));
    expect(steps.map((line) => line.split(' ')[0])).toEqual(['COPY', 'LABEL']);
    expect(steps[0]).toBe('COPY model/ /model/');
    expect(head + tail).toBe(dockerfile);
  });

  it('rebuilds from the runtime image with the rest of the recipe', async () => {
    const { tail } = splitAtRuntimeLayer(await renderDockerfile('node:20-bookworm-slim', { a: 'b' }));
    const id = `sha256:${'ab'.repeat(32)}`;
    const text = rebuildDockerfile(id, tail);
    expect(text.split('\n').filter((line) => /^[A-Z]+ /.test(line))).toEqual([`FROM ${id}`, 'COPY model/ /model/', 'LABEL \\']);
  });

  it('refuses a Dockerfile without the runtime layer', () => {
    expect(() => splitAtRuntimeLayer('FROM x\nCOPY model/ /model/\n')).toThrow(/COPY runtime\/ \/app\//);
  });
});
