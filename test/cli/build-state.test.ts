/** bin/build-state.js: when bin/craneml.js may run the compiled CLI, on a made-up tree and build. */
import { mkdir, mkdtemp, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changedSources, compiledCli, describeSources, readBuildState, STATE_FILE } from '../../bin/build-state.js';

let root: string;
let dist: string;

async function write(name: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, name)), { recursive: true });
  await writeFile(path.join(root, name), text);
}

/** A build of the tree as it is: its state file and an entry. */
async function buildNow(started?: number): Promise<void> {
  const state = describeSources(
    root,
    {
      cli: ['main/cli.ts', 'main/shared.ts'],
      runtime: ['runtime/embed.ts', 'main/shared.ts'],
      config: ['package.json'],
      renderer: ['ui/app.tsx'],
    },
    started,
  );
  await mkdir(path.join(dist, 'cli'), { recursive: true });
  await writeFile(path.join(dist, 'cli', 'craneml.mjs'), '');
  await writeFile(path.join(dist, STATE_FILE), JSON.stringify(state));
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'craneml-build-state-'));
  dist = path.join(root, 'dist');
  await write('main/cli.ts', 'cli');
  await write('main/shared.ts', 'shared');
  await write('runtime/embed.ts', 'embed');
  await write('ui/app.tsx', 'ui');
  await write('package.json', '{}');
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('compiledCli', () => {
  it('says there is no build before the first one', () => {
    expect(compiledCli(root)).toEqual({ reason: 'no build in dist (npm run build makes it)' });
  });

  it('gives the entry of a current build', async () => {
    await buildNow();
    expect(compiledCli(root)).toEqual({ entry: path.join(dist, 'cli', 'craneml.mjs') });
  });

  it('refuses a build older than a source of the CLI or of the model server, naming it', async () => {
    await buildNow();
    await write('runtime/embed.ts', 'embed, changed');
    expect(compiledCli(root)).toEqual({ reason: 'the build is older than runtime/embed.ts (npm run build updates it)' });
    await write('main/cli.ts', 'CLI'); // same size, new content
    expect(compiledCli(root).reason).toBe('the build is older than main/cli.ts and 1 more (npm run build updates it)');
  });

  it('refuses a build whose source is gone, or whose entry is', async () => {
    await buildNow();
    await unlink(path.join(root, 'main/shared.ts'));
    expect(compiledCli(root).reason).toMatch(/older than main\/shared\.ts/);
    await write('main/shared.ts', 'shared');
    expect(compiledCli(root).entry).toBeDefined();
    await unlink(path.join(dist, 'cli', 'craneml.mjs'));
    expect(compiledCli(root).reason).toBe(`${path.join('dist', 'cli', 'craneml.mjs')} is missing (npm run build makes it)`);
  });

  it('takes a file touched but not changed as current (its content is hashed again)', async () => {
    await buildNow();
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'main/cli.ts'), later, later);
    expect(compiledCli(root).entry).toBeDefined();
  });

  it('ignores sources only the desktop app bundles (an edited renderer leaves the CLI compiled)', async () => {
    await buildNow();
    await write('ui/app.tsx', 'ui, edited');
    expect(compiledCli(root).entry).toBeDefined();
    expect(changedSources(root, readBuildState(dist)!)).toEqual(['ui/app.tsx']);
  });

  it('never takes a file written during the build as current', async () => {
    const started = (await stat(path.join(root, 'main/cli.ts'))).mtimeMs - 1;
    await buildNow(started);
    expect(readBuildState(dist)!.files['main/cli.ts']!.sha256).toBe('');
    expect(compiledCli(root).reason).toMatch(/older than main\/cli\.ts/);
  });

  it('refuses a build-state.json it cannot read', async () => {
    await buildNow();
    await writeFile(path.join(dist, STATE_FILE), '{"files":');
    expect(compiledCli(root).reason).toBe('no build in dist (npm run build makes it)');
  });
});
