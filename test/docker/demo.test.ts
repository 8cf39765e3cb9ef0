/** The README's main job: `craneml demo` packages the digits example, runs it and predicts the samples over HTTP. */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASE_IMAGE } from '../../main/runtimes/node/dockerfile.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { runCli } from '../helpers/cli.ts';
import { imageExists, removeImage, requireDocker } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const demoImage = 'craneml-demo/digits:1.0.0';
const hadImage = docker ? await imageExists(docker, demoImage) : false;

describe.skipIf(!docker)('craneml demo', () => {
  afterAll(async () => {
    if (!hadImage) await removeImage(docker!, demoImage);
  });

  it('builds from the default base or says it fell back to the local one, then predicts all ten samples', async () => {
    const port = await freePort();
    const result = await runCli(['demo', '--stop', '--port', String(port)], { timeoutMs: 300_000 });
    expect(result.code, result.stderr).toBe(0);
    const pulled = !result.stderr.includes('could not be pulled');
    if (!pulled)
      expect(result.stderr).toMatch(new RegExp(`note: ${DEFAULT_BASE_IMAGE} could not be pulled .*building from the local base`));
    expect(result.stdout).toMatch(new RegExp(`running craneml-demo-digits at http://127\\.0\\.0\\.1:${port}`));
    for (let digit = 0; digit < 10; digit++) expect(result.stdout).toMatch(new RegExp(`POST /predict ${digit}\\.png: ${digit}\\s`));
    expect(result.stdout).toContain('10/10 sample drawings predicted as the digit they show');
    expect(await docker!.listContainers({ all: true, filters: { name: ['craneml-demo-digits'] } })).toHaveLength(0);
  });
});
