/** A linux/arm64 build context assembled on an x64 machine (esbuild bundles the runtime) holds only aarch64 binaries. */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleContext } from '../../../main/packaging/context.ts';
import { openProject } from '../../../main/project.ts';
import { tempDir, type TempDir } from '../../helpers/temp-dir.ts';

const ELF_MACHINE = { x64: 62, arm64: 183 };

async function elfMachine(file: string): Promise<number | undefined> {
  const handle = await open(file);
  try {
    const header = Buffer.alloc(20);
    await handle.read(header, 0, 20, 0);
    return header.subarray(0, 4).toString('latin1') === '\x7fELF' ? header.readUInt16LE(18) : undefined;
  } finally {
    await handle.close();
  }
}

async function nativeFiles(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true })).map(String);
  return all.filter((f) => /\.node$|\.so(\.\d+)*$/.test(f)).map((f) => path.join(dir, f));
}

// sharp's Linux arm64 build is not installed on an x64 machine (nor any Linux build on macOS or
// Windows): the context fetches it from the npm registry, as a user's machine would.
describe('a build context for linux/arm64 on an x64 machine', () => {
  const saved = process.env.CRANEML_CACHE_DIR;
  let cache: TempDir;
  beforeAll(async () => {
    cache = await tempDir('cache');
    process.env.CRANEML_CACHE_DIR = cache.path;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.CRANEML_CACHE_DIR;
    else process.env.CRANEML_CACHE_DIR = saved;
    await cache.remove();
  });

  it('holds only aarch64 native binaries, onnxruntime and sharp with its libvips among them', async () => {
    await using out = await tempDir('arm64');
    const dir = out.path;
    const notices: string[] = [];
    const context = await assembleContext(await openProject('assets/examples/digits'), dir, {
      platform: 'linux/arm64',
      onNotice: (message) => notices.push(message),
    });
    expect(context.platform).toBe('linux/arm64');
    const natives = await nativeFiles(path.join(dir, 'runtime', 'node_modules'));
    const names = natives.map((f) => path.relative(dir, f));
    expect(names.some((f) => f.includes('onnxruntime-node') && f.endsWith('.node'))).toBe(true);
    expect(names.some((f) => f.includes('sharp-linux-arm64') && f.endsWith('.node'))).toBe(true);
    expect(names.some((f) => f.includes('sharp-libvips-linux-arm64') && /\.so/.test(f))).toBe(true);
    for (const file of natives) expect(await elfMachine(file), path.relative(dir, file)).toBe(ELF_MACHINE.arm64);
    if (process.arch === 'x64') expect(notices.join('\n')).toMatch(/fetching @img\/sharp-linux-arm64@/);
  }, 120_000);
});
