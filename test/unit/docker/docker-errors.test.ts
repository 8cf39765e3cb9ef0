import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDockerError, daemonMessage, toCraneError } from '../../../main/docker/docker-errors.ts';
import { removeResource } from '../../../main/docker/remove.ts';
import { ownContainerLabels } from '../../../main/docker/ownership.ts';
import { stopContainer } from '../../../main/docker/stop.ts';
import { CraneError, DockerUnavailableError } from '../../../main/errors.ts';
import { startFakeDocker, type FakeDocker } from './fake-docker.ts';

// CraneML's own container: managed, and labelled with the very image it was created from.
const managed = { Id: 'c1', Image: 'sha256:i1', Config: { Labels: ownContainerLabels('sha256:i1'), Tty: false } };

function route(method: string, url: string) {
  const path = url.split('?')[0];
  if (path === '/containers/gone/json') return { status: 404, body: { message: 'No such container: gone' } };
  if (path === '/containers/c1/json' || path === '/containers/busy/json') return { status: 200, body: managed };
  // Made with docker from a CraneML image: the image's labels, but no container-of label.
  if (path === '/containers/theirs/json')
    return { status: 200, body: { Id: 'c2', Image: 'sha256:i1', Config: { Labels: { 'io.craneml.managed-by': 'craneml' } } } };
  if (method === 'POST' && path === '/containers/c1/stop') return { status: 304 };
  if (method === 'DELETE' && path === '/containers/c1')
    return { status: 409, body: { message: 'You cannot remove a running container c1' } };
  if (path === '/images/nope/json') return { status: 404, body: { message: 'No such image: nope' } };
  if (path === '/info') return { status: 500, body: { message: 'daemon is sad' } };
  if (path === '/version') return { status: 400, body: { message: 'bad parameter' } };
  return { status: 401, body: { message: 'unauthorized' } };
}

describe('docker error classification (fake Docker API)', () => {
  let fake: FakeDocker;
  beforeAll(async () => {
    fake = await startFakeDocker(route);
  });
  afterAll(() => fake.close());

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );

  it('classifies by HTTP status, whatever the message says', async () => {
    expect(classifyDockerError(await failure(fake.docker.getContainer('gone').inspect()))).toBe('not-found');
    expect(classifyDockerError(await failure(fake.docker.getContainer('c1').remove()))).toBe('conflict');
    expect(classifyDockerError(await failure(fake.docker.info()))).toBe('server');
    expect(classifyDockerError(await failure(fake.docker.version()))).toBe('bad-request');
    expect(classifyDockerError(await failure(fake.docker.listVolumes()))).toBe('unauthorized');
    expect(classifyDockerError({ statusCode: 404, message: 'conflict!' })).toBe('not-found');
  });

  it("keeps the daemon's message for people", async () => {
    const error = await failure(fake.docker.getImage('nope').inspect());
    expect(daemonMessage(error)).toBe('No such image: nope');
    expect(toCraneError(error, 'inspecting nope')).toMatchObject({ code: 'NOT_FOUND', message: 'inspecting nope: No such image: nope' });
    expect(toCraneError(await failure(fake.docker.info()), 'asking')).toMatchObject({ code: 'DOCKER_ERROR' });
  });

  it('treats socket errors as an unreachable daemon', () => {
    expect(classifyDockerError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('unreachable');
    expect(toCraneError(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }), 'listing')).toBeInstanceOf(DockerUnavailableError);
    expect(classifyDockerError(new Error('no code'))).toBe('unknown');
  });

  it('stop: 304 means already stopped, 404 is NOT_FOUND', async () => {
    expect(await stopContainer(fake.docker, 'c1')).toBe(false);
    expect(await failure(stopContainer(fake.docker, 'gone'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rm: 409 on a running container becomes advice; unmanaged containers are refused', async () => {
    const busy = await failure(removeResource(fake.docker, 'busy'));
    expect(busy).toBeInstanceOf(CraneError);
    expect((busy as Error).message).toBe('container busy is running; stop it first (craneml stop busy) or use --force');
    expect(await failure(removeResource(fake.docker, 'theirs'))).toMatchObject({ code: 'USAGE' });
    expect(fake.requests).not.toContain('DELETE /containers/c2?force=false');
  });
});
