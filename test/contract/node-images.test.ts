/**
 * The contract's image cases against the Node runtime as an image runs it (the bundled server in a
 * child process), serving the digits example: the same cases the Python runtime's image passes
 * (test/docker/python-runtime-images.test.ts), so pictures are one contract for both runtimes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startBundledServer, type BundledServer } from '../runtime/bundled-server.ts';
import { describeImageCases, type ImageContractContext } from './cases/images.ts';

describe('node runtime: pictures', () => {
  const context: ImageContractContext = { url: '', project: path.resolve('assets/examples/digits') };
  let out = '';
  let server: BundledServer | undefined;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'craneml-contract-node-images-'));
    server = await startBundledServer(out, context.project);
    context.url = server.url;
  });

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await rm(out, { recursive: true, force: true });
  });

  describeImageCases(context);
});
