/**
 * A Keras .h5 handwritten-digits CNN (scripts/make_keras_digits.py) packaged into an image with the
 * digits preset: the container reads the .h5 with h5wasm, serves it through TF.js on the wasm
 * backend, and answers every sample digit of assets/examples/digits/samples correctly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { runCli } from '../helpers/cli.ts';
import { digitSamples } from '../runtime/helpers.ts';
import { LOCAL_BASE, requireDocker, removeContainerAndImage } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/keras-digits:${process.pid}`;
const name = `craneml-test-keras-digits-${process.pid}`;
let dir: string | undefined;

describe.skipIf(!docker)('a Keras .h5 digits image', () => {
  afterAll(async () => {
    await removeContainerAndImage(docker!, name, tag);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds, runs and answers the sample digits', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-keras-image-'));
    const project = path.join(dir, 'project');
    const init = await runCli(['init', 'test/fixtures/keras/digits_cnn.h5', '--preset', 'digits', '-o', project]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/\(keras\)/);

    const built = await runCli(['build', project, '-t', tag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(built.code, built.stderr).toBe(0);
    const port = await freePort();
    const ran = await runCli(['run', tag, '--port', String(port), '--name', name]);
    expect(ran.code, ran.stderr).toBe(0);

    const answers: number[] = [];
    const samples = await digitSamples();
    for (const [, png] of samples) {
      const response = await fetch(`http://127.0.0.1:${port}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: new Uint8Array(png),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { predictions: { label: string }[] };
      answers.push(Number(body.predictions[0]!.label));
    }
    expect(answers).toEqual(samples.map(([digit]) => digit));
  }, 300_000);
});
