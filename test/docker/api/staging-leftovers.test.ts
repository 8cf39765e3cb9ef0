/** On start the core removes what a crashed run left: its marked temp folders and never-started temp containers, and nothing else. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore } from '../../../main/api/crane-core.ts';
import { TEMP_CONTAINER_LABEL } from '../../../main/docker/leftovers.ts';
import { SettingsStore } from '../../../main/api/settings.ts';
import { makeTempFolder, TEMP_MARKER } from '../../../main/files/temp-folders.ts';
import { cleanupByLabel, LOCAL_BASE, requireDocker, testLabels } from '../../docker/require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('staging-leftovers');
let config: string;
const made: string[] = [];

/** The pid of a process that has exited: what a crashed run's marker names. */
async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  config = await mkdtemp(path.join(os.tmpdir(), 'craneml-leftovers-'));
});

afterAll(async () => {
  await Promise.all([config, ...made].map((dir) => rm(dir, { recursive: true, force: true })));
  if (docker) await cleanupByLabel(docker, labels);
});

describe.skipIf(!docker)('cleanup of a crashed run on start', () => {
  it('removes marked folders and Created temp containers of a dead process, keeps unmarked folders and live ones', async () => {
    const owner = `${os.hostname()}:${await deadPid()}`;
    const leftover = path.join(os.tmpdir(), `craneml-stage-leftover${process.pid}`);
    await mkdir(leftover);
    await writeFile(path.join(leftover, TEMP_MARKER), owner);
    await writeFile(path.join(leftover, 'model.onnx'), 'half an upload');
    const unmarked = path.join(os.tmpdir(), `craneml-something${process.pid}`);
    await mkdir(unmarked);
    await writeFile(path.join(unmarked, 'notes.txt'), 'not CraneML’s');
    const live = await makeTempFolder('stage'); // this process's own: in use
    made.push(leftover, unmarked, live);

    const create = (tag: string) =>
      docker!.createContainer({ Image: LOCAL_BASE, Cmd: ['true'], Labels: { ...labels, [TEMP_CONTAINER_LABEL]: tag } });
    const orphan = await create(owner);
    const inUse = await create(`${os.hostname()}:${process.pid}`);
    const started = await create(owner);
    await started.start();
    await started.wait();

    const core = createCraneCore({ settings: new SettingsStore(config), projectsDir: path.join(config, 'projects') });
    const swept = await core.leftovers;
    await core.close();

    expect(swept.folders).toContain(leftover);
    expect(await exists(leftover)).toBe(false);
    expect(await exists(path.join(unmarked, 'notes.txt'))).toBe(true);
    expect(await exists(path.join(live, TEMP_MARKER))).toBe(true);
    expect(swept.containers).toEqual([orphan.id]);
    const left = await docker!.listContainers({ all: true, filters: { label: [`${Object.keys(labels)[1]}=${Object.values(labels)[1]}`] } });
    expect(left.map((c) => c.Id).sort()).toEqual([inUse.id, started.id].sort());
  });
});
