/**
 * The web mode refuses names outside Docker's grammar with 400 and the contract's error body before
 * any handler runs, keeps serving afterwards, and never lets a name steer a request to another host.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneCore } from '../../main/api/crane-core.ts';
import { CraneError } from '../../main/errors.ts';
import { requireDocker } from '../docker/require-docker.ts';
import { inProcessWebFixture, type InProcessWeb } from './web-fixture.ts';

const docker = await requireDocker();

let core: CraneCore;
let web: InProcessWeb;
let origin: string;
let token: string;
/** A 127.0.0.1 socket that counts who connects: a name naming it must never reach it. */
let listener: net.Server;
let connections = 0;
let listenerAddress: string;

const call = (name: string, body: unknown, headers?: Record<string, string>) => web.call(name, body, headers);

beforeAll(async () => {
  listener = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerAddress = `127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
  web = await inProcessWebFixture('names');
  ({ core, origin, token } = web);
});

afterAll(async () => {
  await web?.close();
  await new Promise((resolve) => listener?.close(resolve));
});

const hostInName = (): string => `a/../../${listenerAddress}/x`;

const CRAFTED: [string, () => Record<string, unknown>, RegExp][] = [
  ['removeImage', () => ({ image: 'a/../../x' }), /removeImage: image: "a\/\.\.\/\.\.\/x" is not an image name/],
  ['removeImage', () => ({ image: hostInName() }), /is not an image name/],
  ['removeImage', () => ({ image: '/tmp' }), /"\/tmp" is not an image name/],
  ['runImage', () => ({ image: hostInName() }), /runImage: image: .* is not an image name/],
  ['containerAction', () => ({ container: '../x', action: 'remove' }), /"\.\.\/x" is not a container name or ID/],
  ['containerAction', () => ({ container: '//x', action: 'stop' }), /is not a container name or ID/],
  ['serviceInfo', () => ({ container: 'a/../x' }), /is not a container name or ID/],
  ['exportTar', () => ({ image: 'a/../x', file: path.join(os.tmpdir(), 'never.tar') }), /is not an image name/],
  ['exportFolder', () => ({ image: hostInName(), out: path.join(os.tmpdir(), 'never') }), /is not an image name/],
  ['pushImage', () => ({ image: 'digits:1.0', target: `${listenerAddress}/../x:1` }), /pushImage: target: .* is not an image name/],
  ['buildImage', () => ({ dir: '/nowhere', tag: 'Digits:1.0' }), /buildImage: tag: "Digits:1\.0" is not an image name/],
  ['deploy', () => ({ image: hostInName() }), /deploy: image: .* is not an image name/],
];

describe('web mode with names outside Docker grammar', () => {
  it.each(CRAFTED)('%s refuses a crafted name with 400 and keeps serving', async (name, args, message) => {
    const before = connections;
    const answer = await call(name, args());
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_ARGUMENTS');
    expect(body.error.message).toMatch(message);
    expect(body.error.message).not.toContain('\n');
    expect((await call('appState', {})).status).toBe(200);
    expect(connections).toBe(before);
  });

  it('refuses a crafted container on the event streams', async () => {
    const params = encodeURIComponent(JSON.stringify({ container: 'a/../../x' }));
    const answer = await web.fetch(`${origin}/api/events/containerLogs?params=${params}`, { headers: { 'X-CraneML-Token': token } });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/is not a container name or ID/);
  });

  it('counts a connection to the listening socket, so the checks above can fail', async () => {
    const before = connections;
    await new Promise<void>((resolve) => net.connect(Number(listenerAddress.split(':')[1]), '127.0.0.1').on('close', () => resolve()));
    expect(connections).toBe(before + 1);
  });
});

describe.skipIf(!docker)("the core's Docker layer, reached without the contract", () => {
  it.each([
    ['removeImage', { image: hostInName }],
    ['exportTar', { image: hostInName, file: path.join(os.tmpdir(), 'never.tar') }],
    ['containerAction', { container: (): string => '../x', action: 'remove' }],
    ['serviceInfo', { container: (): string => `../../${listenerAddress}/x` }],
  ] as const)('%s refuses a crafted name as USAGE, asks no host taken from it', async (name, shape) => {
    const before = connections;
    const args = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, typeof value === 'function' ? value() : value]));
    const handler = core.handlers[name] as (args: unknown) => Promise<unknown>;
    const error = await handler(args).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CraneError);
    expect((error as CraneError).code).toBe('USAGE');
    expect((error as CraneError).message).toMatch(/is not (an image|a container) name/);
    expect(connections).toBe(before);
  });
});
