/**
 * One rule: only a runtime's own folder (main/runtimes/<id>/) names its server's files. Everything
 * else asks runtimeFor(manifest), so a third runtime is one folder plus one registry entry.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = path.resolve('main');
/** The runtimes' own file names; "runtime-node" not inside a word (onnxruntime-node is an npm package, not the runtime). */
const RUNTIME_NAMES = /(?<![\w])runtime-node|server\.mjs|Dockerfile\.node|(?<![\w])runtime-python|Dockerfile\.python/;
/** Files outside main/runtimes/ allowed to name a runtime, each with why. */
const ALLOWED = new Map([
  // The Python runtime's manifest section: the contract its server reads, written before the runtime.
  ['shared/python-runtime-schema.ts', 'the python section of craneml.json'],
]);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

describe('runtime names', () => {
  it('appear in main/ only inside main/runtimes/', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(MAIN)) {
      const relative = path.relative(MAIN, file).split(path.sep).join('/');
      if (relative.startsWith('runtimes/') || ALLOWED.has(relative)) continue;
      (await readFile(file, 'utf8')).split('\n').forEach((line, i) => {
        const found = RUNTIME_NAMES.exec(line);
        if (found) offenders.push(`main/${relative}:${i + 1}: ${found[0]}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('are found where they are, so the check above can fail', async () => {
    const named = await readFile(path.join(MAIN, 'runtimes/node/runtime-paths.ts'), 'utf8');
    expect(named).toMatch(RUNTIME_NAMES);
    expect('onnxruntime-node').not.toMatch(RUNTIME_NAMES);
  });
});
