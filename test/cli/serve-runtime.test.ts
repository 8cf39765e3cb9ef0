/** `craneml serve` asks the project's runtime: a Python-runtime project gets that runtime's answer, in one line. */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const PREDICT =
  'class Predictor:\n    def setup(self):\n        pass\n\n    def predict(self, rows):\n        return [len(r) for r in rows]\n';

describe('craneml serve of a Python-runtime project', () => {
  it('exits 2 with one line naming craneml build and craneml run, and starts no server', async () => {
    await using temp = await tempDir('serve-python');
    await writeFile(path.join(temp.path, 'predict.py'), PREDICT);
    const manifest = {
      name: 'lengths',
      version: '1.0.0',
      format: 'python',
      model: {
        entry: 'predict.py',
        files: [{ path: 'predict.py', sha256: createHash('sha256').update(PREDICT).digest('hex'), bytes: Buffer.byteLength(PREDICT) }],
      },
      signature: {
        inputs: [{ name: 'rows', dtype: 'string', shape: [-1] }],
        outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
      },
      input: { kind: 'rows' },
      python: { source: { kind: 'predictor' } },
    };
    await writeFile(path.join(temp.path, 'craneml.json'), JSON.stringify(manifest));
    const result = await runCli(['serve', temp.path, '--port', '0']);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Python runtime.*craneml build .*craneml run /);
    expect(result.stdout).not.toMatch(/serving/);
  });
});
