/**
 * A Python project folder in the desktop app, through the preload bridge (over a fake IPC pair) to the
 * real core: a dropped folder goes as its one path, a folder picked with the folder picker (each File
 * with its webkitRelativePath) goes as the folder, and the project is staged under the folder's name.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import type { CraneApi } from '../../main/shared/crane-api.ts';
import { pickedFolderOnDisk } from '../../main/shared/picked-folder.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { webUtils } from './fake-electron.ts';
import { fakeIpcBridge } from './fake-ipc-bridge.ts';

const COG = path.resolve('test/fixtures/python-projects/e2e-cog');
let config: TempDir;
let core: CraneCore;
let api: CraneApi;

/** A File as the page holds one of a folder the user picked: its path on disk, and its path from the folder. */
function picked(folder: string, inside: string): File {
  const file = webUtils.dropped(new File([], path.basename(inside)), path.join(folder, inside));
  Object.defineProperty(file, 'webkitRelativePath', { value: `${path.basename(folder)}/${inside}` });
  return file;
}

beforeAll(async () => {
  config = await tempDir('python-folder-drop');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
  api = fakeIpcBridge(core).api;
});

afterAll(async () => {
  await core.close();
  await config.remove();
});

describe('a Python project folder in the desktop app', () => {
  it('finds the picked folder on disk from a file of it, with either separator', () => {
    expect(pickedFolderOnDisk('/home/me/echo/weights/net.bin', 'echo/weights/net.bin')).toBe('/home/me/echo');
    expect(pickedFolderOnDisk('C:\\Users\\me\\echo\\predict.py', 'echo/predict.py')).toBe('C:\\Users\\me\\echo');
  });

  it('stages a dropped folder by its path, named after it', async () => {
    const staged = await api.stageDropped({ files: [webUtils.dropped(new File([], 'e2e-cog'), COG)] });
    expect(staged).toMatchObject({ format: 'python', setup: { name: 'e2e-cog' }, python: { section: { source: { kind: 'cog' } } } });
    expect(staged.files.map((f) => f.path).sort()).toEqual(['cog.yaml', 'predict.py']);
  });

  it('stages a folder picked with the folder picker as that folder', async () => {
    const staged = await api.stageDropped({ files: [picked(COG, 'cog.yaml'), picked(COG, 'predict.py')] });
    expect(staged).toMatchObject({ format: 'python', setup: { name: 'e2e-cog' } });
    expect(staged.python?.columns?.map((c) => c.name)).toEqual(['text', 'repeat', 'temperature', 'shout', 'style']);
    expect(staged.python?.skipped).toEqual([]);
  });
});
