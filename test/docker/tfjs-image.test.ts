/** A TF.js layers model packaged and served from a container: the wasm backend inside the image, the same answer as in process. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { Predictor } from '../../main/inference/predictor.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { writeLayersModel } from '../helpers/tfjs-models.ts';
import { LOCAL_BASE, requireDocker, removeContainerAndImage } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/tfjs:${process.pid}`;
const name = `craneml-test-tfjs-${process.pid}`;

describe.skipIf(!docker)('a TF.js model image', () => {
  afterAll(async () => {
    await removeContainerAndImage(docker!, name, tag);
  });

  it('builds, runs and answers like the model does in process', async () => {
    await using temp = await tempDir('tfjs-image');
    const dir = temp.path;
    const model = await writeLayersModel(path.join(dir, 'model'));
    const project = path.join(dir, 'project');
    expect((await runCli(['init', model, '-o', project, '--name', 'tiny-dense'])).code).toBe(0);

    const built = await runCli(['build', project, '-t', tag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(built.code, built.stderr).toBe(0);
    const port = await freePort();
    const ran = await runCli(['run', tag, '--port', String(port), '--name', name]);
    expect(ran.code, ran.stderr).toBe(0);
    // The example sends one instance of the model's real input shape: four numbers.
    expect(ran.stdout).toMatch(/-H 'content-type: application\/json' -d '\{"instances":\[\[0,0,0,0\]\]\}'/i);

    const instance = [0.5, -1, 2, 0.25];
    const response = await fetch(`http://127.0.0.1:${port}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [instance] }),
    });
    expect(response.status).toBe(200);
    const served = ((await response.json()) as { predictions: { outputs: Record<string, { shape: number[]; data: number[] }> }[] })
      .predictions[0]!.outputs;

    const local = await Predictor.open(project);
    try {
      const [expected] = await local.predict([local.sampleFromInstance(instance)]);
      const want = Object.values((expected as { outputs: Record<string, { data: ArrayLike<number> }> }).outputs)[0]!;
      const got = Object.values(served)[0]!;
      expect(got.shape).toEqual([3]);
      Array.from(want.data).forEach((v, i) => expect(got.data[i]).toBeCloseTo(v, 5));
    } finally {
      await local.close();
    }
  });
});
