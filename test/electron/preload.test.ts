/** The preload, with electron faked: it exposes exactly CraneApi as window.craneml and nothing of ipcRenderer. */
import { beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { callChannel, SUBSCRIBE_CHANNEL } from '../../main/electron/ipc-channels.ts';
import type { createBridge } from '../../main/electron/preload-bridge.ts';
import { API_KEYS, CraneApiError, type CraneApi } from '../../main/shared/crane-api.ts';
import { contextBridge, ipcRenderer, webUtils } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

let exposed: Record<string, unknown>;
beforeAll(async () => {
  await import('../../main/electron/preload.ts');
  exposed = contextBridge.exposed.get('craneml') as Record<string, unknown>;
});
beforeEach(() => {
  ipcRenderer.invoked.length = 0;
});
const loadPreload = async (): Promise<Record<string, unknown>> => exposed;

describe('the preload', () => {
  it('exposes exactly the contract’s keys, each a function, as window.craneml', async () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['craneml']);
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...API_KEYS].sort());
    expect(api).toHaveProperty('stageDropped');
    expect(api).not.toHaveProperty('stageModelPaths'); // the page cannot name a path: only the preload sends them
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const raw of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync']) expect(api).not.toHaveProperty(raw);
  });

  it('takes its types from the contract: the bridge is a CraneApi, no more and no less', () => {
    expectTypeOf<ReturnType<typeof createBridge>>().toEqualTypeOf<CraneApi>();
  });

  it('sends each call on its own channel; an error crosses the bridge as a plain CraneApiError that revives with its code', async () => {
    const api = (await loadPreload()) as unknown as CraneApi;
    ipcRenderer.answer = async (channel) =>
      channel === callChannel('runImage')
        ? { error: { code: 'PORT_IN_USE', message: 'port 8080 is in use' } }
        : { result: { state: 'connected' } };
    await expect(api.dockerStatus({})).resolves.toEqual({ state: 'connected' });
    const error = await api.runImage({ image: 'digits:1.0.0' }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(Error); // contextBridge would keep an Error's message only
    expect(error).toEqual({ name: 'CraneApiError', code: 'PORT_IN_USE', message: 'port 8080 is in use' });
    const revived = CraneApiError.revive(structuredClone(error));
    expect(revived).toBeInstanceOf(CraneApiError);
    expect(revived).toMatchObject({ code: 'PORT_IN_USE', message: 'port 8080 is in use' });
    expect(ipcRenderer.invoked.map((i) => i.channel)).toEqual([callChannel('dockerStatus'), callChannel('runImage')]);
  });

  it('sends the paths webUtils gives for dropped Files on stageModelPaths, never their bytes', async () => {
    const api = (await loadPreload()) as unknown as CraneApi;
    ipcRenderer.answer = async () => ({ result: { stagedId: 'staged-1' } });
    const files = ['/models/net.onnx', '/models/net.onnx.data'].map((at) => webUtils.dropped(new File(['weights'], at.slice(8)), at));
    await expect(api.stageDropped({ files })).resolves.toEqual({ stagedId: 'staged-1' });
    expect(ipcRenderer.invoked).toEqual([
      { channel: callChannel('stageModelPaths'), args: [{ paths: ['/models/net.onnx', '/models/net.onnx.data'] }] },
    ]);
  });

  it('delivers a stream’s events to its listener until it unsubscribes', async () => {
    const api = (await loadPreload()) as unknown as CraneApi;
    const events: unknown[] = [];
    const stop = api.subscribe('build', { jobId: 'j1' }, (event) => events.push(event));
    const request = ipcRenderer.invoked.find((i) => i.channel === SUBSCRIBE_CHANNEL)!.args[0] as { id: string };
    const deliver = ipcRenderer.listeners.get('craneml:event')!;
    deliver({}, request.id, { type: 'log', line: 'one' });
    stop();
    deliver({}, request.id, { type: 'log', line: 'two' });
    expect(events).toEqual([{ type: 'log', line: 'one' }]);
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: 'craneml:unsubscribe', args: [{ id: request.id }] });
  });
});
