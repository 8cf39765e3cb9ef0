/**
 * CraneML's images and containers are recognised by identity, not by the label Docker copies into
 * everything made from them: against the real daemon and the real CLI, an image the user built FROM
 * a CraneML image (a COPY layer; only ENV and LABEL) and a container made with plain `docker create`
 * (or from a `docker commit` of a CraneML container) are the user's: not listed, refused by rm/stop,
 * the dashboard and exportTar, and kept when `craneml build -t` moves their tag.
 */
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerAction } from '../../main/api/services.ts';
import { exportTar } from '../../main/api/image-exports.ts';
import { builtImagesDir } from '../../main/docker/built-images.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { listContainers, listImages } from '../../main/docker/list.ts';
import { runContainer } from '../../main/docker/run-container.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { imageExists, inlineServer, LOCAL_BASE, removeImage, requireDocker } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const repo = `craneml-own-${process.pid}`;
const craneTag = `${repo}/digits:1`;
const copyTag = `${repo}/derived-copy:1`;
const envTag = `${repo}/derived-env:1`;
const plainName = `${repo}-plain`;
const ownName = `${repo}-own`;
const committedTag = `${repo}/committed:1`;
const fromCommitName = `${repo}-from-commit`;

/** Builds `dockerfile` with the daemon alone, as a user's `docker build` would; resolves with the image ID. */
async function userBuild(d: Docker, dir: string, dockerfile: string, tag: string): Promise<string> {
  await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
  await writeFile(path.join(dir, 'extra.txt'), "the user's own file\n");
  const stream = await d.buildImage({ context: dir, src: ['Dockerfile', 'extra.txt'] }, { t: tag, rm: true, forcerm: true, version: '1' });
  await new Promise((resolve, reject) => d.modem.followProgress(stream, (error, out) => (error ? reject(error) : resolve(out))));
  return (await d.getImage(tag).inspect()).Id;
}

function oneLine(text: string): string[] {
  return text.trim().split('\n');
}

describe.skipIf(!docker)('ownership of images and containers', () => {
  const d = docker!;
  const saved = process.env.CRANEML_CONFIG_DIR;
  let tmp = '';
  let craneId = '';
  let copyId = '';
  let envId = '';
  const madeImages: string[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-ownership-'));
    // The CLI children inherit it: the build and the listing run in different processes.
    process.env.CRANEML_CONFIG_DIR = path.join(tmp, 'config');
    const built = await runCli(['build', DIGITS, '-t', craneTag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(built.code, built.stderr).toBe(0);
    craneId = (await d.getImage(craneTag).inspect()).Id;
    const context = path.join(tmp, 'context');
    await mkdir(context);
    copyId = await userBuild(d, context, `FROM ${craneTag}\nCOPY extra.txt /extra.txt\n`, copyTag);
    envId = await userBuild(d, context, `FROM ${craneTag}\nENV USER_SETTING=1\nLABEL user.owner=me\n`, envTag);
    madeImages.push(craneId, copyId, envId);
  }, 400_000);

  afterAll(async () => {
    for (const name of [plainName, ownName, fromCommitName])
      await d
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
    for (const ref of [craneTag, copyTag, envTag, committedTag, ...madeImages]) await removeImage(d, ref);
    if (saved === undefined) delete process.env.CRANEML_CONFIG_DIR;
    else process.env.CRANEML_CONFIG_DIR = saved;
    await rm(tmp, { recursive: true, force: true });
  }, 120_000);

  it('the derived images inherit the label, yet only the image CraneML built is listed', async () => {
    for (const tag of [copyTag, envTag])
      expect((await d.getImage(tag).inspect()).Config.Labels['io.craneml.managed-by'], tag).toBe('craneml');
    expect(new Set([craneId, copyId, envId]).size).toBe(3);
    const ls = await runCli(['ls', '--images', '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    const ids = (JSON.parse(ls.stdout) as { images: { id: string }[] }).images.map((i) => i.id);
    expect(ids).toContain(craneId);
    expect(ids).not.toContain(copyId);
    expect(ids).not.toContain(envId);
  });

  it('craneml rm, the dashboard and exportTar refuse a derived image in one line, and it stays', async () => {
    for (const tag of [copyTag, envTag]) {
      const refused = await runCli(['rm', tag]);
      expect(refused.code, refused.stdout).toBe(2);
      expect(oneLine(refused.stderr)).toEqual([expect.stringContaining(`image ${tag} was not created by CraneML here`)]);
      await expect(exportTar(d, tag, path.join(tmp, 'derived.tar'))).rejects.toMatchObject({ code: 'USAGE' });
      expect(await imageExists(d, tag)).toBe(true);
    }
  });

  it('craneml build -t <a derived image tag> moves the tag but keeps the user image', async () => {
    const built = await runCli(['build', DIGITS, '-t', envTag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain(
      `${envTag} named an image CraneML did not build: the tag moved, that image is kept (${envId.slice(7, 19)})`,
    );
    const now = (await d.getImage(envTag).inspect()).Id;
    madeImages.push(now);
    expect(now).not.toBe(envId);
    expect(await imageExists(d, envId)).toBe(true);
    expect((await listImages(d)).map((i) => i.id)).toEqual(expect.arrayContaining([craneId, now]));
  });

  it('a container made with plain docker create from a CraneML image is not listed, and rm, stop and the dashboard refuse it', async () => {
    const plain = await d.createContainer({
      name: plainName,
      Image: craneTag,
      Entrypoint: ['node', '-e', 'setTimeout(() => {}, 600000)'],
      Cmd: [],
    });
    await plain.start();
    expect((await plain.inspect()).Config.Labels['io.craneml.managed-by']).toBe('craneml');
    expect((await listContainers(d)).map((c) => c.id)).not.toContain(plain.id);
    const ls = await runCli(['ls', '--containers', '--json']);
    expect((JSON.parse(ls.stdout) as { containers: { id: string }[] }).containers.map((c) => c.id)).not.toContain(plain.id);
    for (const command of ['stop', 'rm']) {
      const refused = await runCli([command, plainName]);
      expect(refused.code, `${command}: ${refused.stdout}`).toBe(2);
      expect(oneLine(refused.stderr)).toEqual([expect.stringContaining(`container ${plainName} was not created by CraneML`)]);
    }
    for (const action of ['stop', 'restart', 'remove'] as const)
      await expect(containerAction(d, plainName, action), action).rejects.toMatchObject({ code: 'USAGE' });
    expect((await plain.inspect()).State.Running).toBe(true);
  });

  it("CraneML's own container is listed and stopped; a container from its docker commit is the user's", async () => {
    // Any image CraneML runs makes a container of CraneML's; the inline server keeps this test about ownership.
    const own = await runContainer(d, { image: LOCAL_BASE, name: ownName, port: await freePort(), cmd: inlineServer() });
    expect((await listContainers(d)).map((c) => c.id)).toContain(own.id);
    const committed = await d.getContainer(own.id).commit({ repo: `${repo}/committed`, tag: '1' });
    madeImages.push((committed as { Id: string }).Id);
    const fromCommit = await d.createContainer({ name: fromCommitName, Image: committedTag });
    // The commit carries the container's labels, naming the image the container came from, not its own.
    expect((await fromCommit.inspect()).Config.Labels['io.craneml.container-of']).toBe((await d.getImage(LOCAL_BASE).inspect()).Id);
    expect((await listContainers(d)).map((c) => c.id)).not.toContain(fromCommit.id);
    expect((await runCli(['rm', fromCommitName])).code).toBe(2);
    const stopped = await runCli(['stop', ownName]);
    expect(stopped.code, stopped.stderr).toBe(0);
    const removed = await runCli(['rm', ownName]);
    expect(removed.stdout).toContain(`removed container ${ownName}`);
  });

  it("CraneML's own image is removed by craneml rm, and its record with it", async () => {
    const record = path.join(builtImagesDir(), craneId.slice('sha256:'.length));
    await access(record);
    // The user's images built on it go first (the daemon keeps a parent image while children need it).
    for (const name of [plainName, fromCommitName]) await d.getContainer(name).remove({ force: true });
    for (const ref of [committedTag, copyTag, envId]) await d.getImage(ref).remove({ force: true });
    const removed = await runCli(['rm', craneTag]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`removed image ${craneTag}`);
    expect(await imageExists(d, craneId)).toBe(false);
    await expect(access(record)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
