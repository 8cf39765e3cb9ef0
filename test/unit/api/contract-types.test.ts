/** CraneApi is one contract: the core's handlers, the renderer's transport and the event streams agree in their types. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { createCraneCore, type CraneCore, type CraneHandlers } from '../../../main/api/crane-core.ts';
import type { CALL_SCHEMAS, API_KEYS } from '../../../main/shared/crane-api.ts';
import {
  CALL_NAMES,
  EVENT_NAMES,
  PAGE_CALL_NAMES,
  SHELL_ONLY_CALLS,
  type CallResults,
  type CraneApi,
  type EventName,
  type EventParams,
  type EventPayloads,
  type Listener,
  type FileUpload,
  type StagedModel,
} from '../../../main/shared/crane-api.ts';
import type { createWebApi } from '../../../renderer/src/api/web-client.ts';

describe('CraneApi contract types', () => {
  it('gives the renderer exactly the CraneApi shape from its web transport', () => {
    expectTypeOf<ReturnType<typeof createWebApi>>().toEqualTypeOf<CraneApi>();
  });

  it('types each core handler with the parsed arguments and the result of the same call', () => {
    expectTypeOf<Parameters<CraneHandlers['stageModel']>[0]>().toEqualTypeOf<z.output<(typeof CALL_SCHEMAS)['stageModel']>>();
    expectTypeOf<Parameters<CraneHandlers['stageModel']>[0]['files']>().toEqualTypeOf<FileUpload[]>();
    expectTypeOf<ReturnType<CraneHandlers['stageModel']>>().toEqualTypeOf<Promise<StagedModel>>();
    expectTypeOf<ReturnType<CraneHandlers['runImage']>>().toEqualTypeOf<Promise<CallResults['runImage']>>();
    expectTypeOf<Awaited<ReturnType<CraneApi['runImage']>>>().toEqualTypeOf<Awaited<ReturnType<CraneHandlers['runImage']>>>();
    expectTypeOf<Awaited<ReturnType<CraneApi['listContainers']>>>().toEqualTypeOf<Awaited<ReturnType<CraneHandlers['listContainers']>>>();
  });

  it('stages dropped files in one renderer call: stageDropped takes Files and answers what stageModel and stageModelPaths do', () => {
    expectTypeOf<Parameters<CraneApi['stageDropped']>[0]>().toEqualTypeOf<{ files: readonly File[]; inputShape?: number[] }>();
    expectTypeOf<ReturnType<CraneApi['stageDropped']>>().toEqualTypeOf<ReturnType<CraneApi['stageModel']>>();
    expectTypeOf<Parameters<CraneHandlers['stageModelPaths']>[0]>().toEqualTypeOf<{ paths: string[]; inputShape?: number[] | undefined }>();
    expectTypeOf<ReturnType<CraneHandlers['stageModelPaths']>>().toEqualTypeOf<Promise<StagedModel>>();
    // The page cannot name paths: the shell-only call is not part of what the renderer holds.
    expectTypeOf<CraneApi>().not.toHaveProperty('stageModelPaths');
    expectTypeOf<keyof CraneApi>().toEqualTypeOf<(typeof API_KEYS)[number]>();
    expect(SHELL_ONLY_CALLS).toEqual(['stageModelPaths']);
    expect([...PAGE_CALL_NAMES, ...SHELL_ONLY_CALLS].sort()).toEqual([...CALL_NAMES].sort());
  });

  it('lets the renderer leave out arguments that have defaults, which the core then receives filled in', () => {
    expectTypeOf<Parameters<CraneApi['runImage']>[0]>().toEqualTypeOf<z.input<(typeof CALL_SCHEMAS)['runImage']>>();
    expectTypeOf<{ image: string }>().toExtend<Parameters<CraneApi['runImage']>[0]>();
    expectTypeOf<Parameters<CraneHandlers['runImage']>[0]['port']>().toEqualTypeOf<number>();
  });

  it('delivers the same event payloads to the renderer and from the core', () => {
    expectTypeOf<CraneApi['subscribe']>().toEqualTypeOf<
      <K extends EventName>(name: K, params: EventParams<K>, listener: Listener<K>) => () => void
    >();
    expectTypeOf<CraneCore['subscribe']>().toEqualTypeOf<
      <K extends EventName>(name: K, key: string, listener: Listener<K>) => () => void
    >();
    expectTypeOf<Parameters<Listener<'build'>>[0]>().toEqualTypeOf<EventPayloads['build']>();
  });

  it('implements every call of the contract in the core, and nothing else', async () => {
    const core = createCraneCore();
    expect(Object.keys(core.handlers).sort()).toEqual([...CALL_NAMES].sort());
    expect(EVENT_NAMES.sort()).toEqual(['build', 'containerLogs', 'containerStatus', 'conversion', 'openModel']);
    await core.close();
  });
});
