import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../main/docker/build-image.ts';
import { pushImage } from '../../main/docker/push.ts';
import { readEventStream } from '../../main/docker/read-stream.ts';
import { RegistryStreamParser, type RegistryEvent } from '../../main/docker/registry-stream.ts';
import { saveImage } from '../../main/docker/save.ts';
import { CraneError } from '../../main/errors.ts';
import { startLocalRegistry, type LocalRegistry } from './local-registry.ts';
import { cleanupByLabel, countByLabel, imageExists, LOCAL_BASE, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('ship');
const image = `craneml-test/ship:${process.pid}`;

describe.skipIf(!docker)('shipping an image', () => {
  const d = docker!;
  let tmp: string;
  let imageId: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-ship-'));
    // A tiny image: FROM the local base plus a small labelled layer, built from a tar stream.
    await mkdir(path.join(tmp, 'ctx'));
    await writeFile(path.join(tmp, 'ctx', 'Dockerfile'), `FROM ${LOCAL_BASE}\nCOPY note.txt /app/note.txt\n`);
    await writeFile(path.join(tmp, 'ctx', 'note.txt'), `pushed by test ${process.pid}\n`);
    const tar = spawn('tar', ['-c', '-C', path.join(tmp, 'ctx'), '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    imageId = (await buildImage(d, tar.stdout, { tag: image, labels })).imageId;
  });

  afterAll(async () => {
    await cleanupByLabel(d, labels);
    await rm(tmp, { recursive: true, force: true });
    expect(await countByLabel(d, labels)).toEqual({ containers: 0, images: 0 });
  });

  it('saves an image to a tar that docker load understands', async () => {
    const file = path.join(tmp, 'ship.tar');
    const saved = await saveImage(d, image, file);
    expect(saved.bytes).toBe((await stat(file)).size);
    expect(saved.bytes).toBeGreaterThan(1024 * 1024); // the base's Node binary is in there
    const { stdout } = await promisify(execFile)('tar', ['-tf', file]);
    expect(stdout.split('\n')).toEqual(expect.arrayContaining(['manifest.json', 'repositories']));
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-tmp-'))).toEqual([]);
  });

  it('leaves an existing file alone unless told to replace it (the app types the path)', async () => {
    const file = path.join(tmp, 'kept.tar');
    await writeFile(file, 'not yours to overwrite');
    const error = await saveImage(d, image, file, { replace: false }).catch((e: unknown) => e);
    expect((error as CraneError).code).toBe('TARGET_EXISTS');
    expect((error as CraneError).message).toMatch(/kept\.tar already exists/);
    expect(await readFile(file, 'utf8')).toBe('not yours to overwrite');
    const fresh = path.join(tmp, 'fresh.tar');
    expect((await saveImage(d, image, fresh, { replace: false })).bytes).toBe((await stat(fresh)).size);
    expect((await saveImage(d, image, file, { replace: true })).bytes).toBeGreaterThan(1024 * 1024);
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-tmp-'))).toEqual([]);
  });

  it('refuses to save an image that does not exist, leaving no file', async () => {
    const file = path.join(tmp, 'none.tar');
    const error = await saveImage(d, 'craneml-test/nothing:0', file).catch((e: unknown) => e);
    expect((error as CraneError).code).toBe('NOT_FOUND');
    expect((await readdir(tmp)).filter((f) => f.startsWith('none'))).toEqual([]);
  });

  describe('with a local registry', () => {
    let registry: LocalRegistry;
    beforeAll(async () => {
      registry = await startLocalRegistry();
    });
    afterAll(async () => {
      await registry?.stop();
    });

    it('pushes to the registry and pulls the same image back', async () => {
      const events: RegistryEvent[] = [];
      const pushed = await pushImage(d, image, { registry: registry.address }, (e) => events.push(e));
      expect(pushed.reference).toBe(`${registry.address}/${image}`);
      expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(events.some((e) => e.type === 'status' && e.text === 'Pushed')).toBe(true);
      const tags = (await (await fetch(`http://${registry.address}/v2/craneml-test/ship/tags/list`)).json()) as { tags: string[] };
      expect(tags.tags).toContain(String(process.pid));

      // Remove every local copy, then pull: the image must come from the registry.
      await d.getImage(pushed.reference).remove();
      await d.getImage(image).remove();
      expect(await imageExists(d, imageId)).toBe(false);
      const pulled = await readEventStream(await d.pull(pushed.reference), new RegistryStreamParser());
      expect(pulled.filter((e) => e.type === 'error')).toEqual([]);
      expect(pulled).toContainEqual({ type: 'digest', digest: pushed.digest });
      expect((await d.getImage(pushed.reference).inspect()).Id).toBe(imageId);
    });

    it('reports a push the registry refuses as an error, not a success', async () => {
      await registry.stop(); // nothing listens there now: the daemon's push fails mid-stream
      const error = await pushImage(d, `${registry.address}/${image}`, { registry: registry.address }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CraneError);
      expect((error as CraneError).code).toBe('NETWORK');
      expect((error as Error).message).toMatch(/connection refused|connect/i);
    });
  });
});
