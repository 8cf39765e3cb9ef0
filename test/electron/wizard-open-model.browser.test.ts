/**
 * The renderer's side of "open a model with the app", in Chromium on the fake CraneApi (the
 * renderer harness): a model on the openModel stream starts the wizard at its Inspect step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../renderer/browser.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['app']);
}, 120_000);
afterAll(async () => {
  await harness?.close();
});

/** Keeps the listener the page gives for openModel, as the preload's bridge would get it. */
const CATCH_OPEN_MODEL = () => {
  let api: { subscribe: (name: string, params: unknown, listener: (model: unknown) => void) => () => void } | undefined;
  Object.defineProperty(window, 'craneml', {
    configurable: true,
    get: () => api,
    set: (value: NonNullable<typeof api>) => {
      const subscribe = value.subscribe;
      value.subscribe = (name, params, listener) => {
        if (name === 'openModel') (window as unknown as { __openModel: typeof listener }).__openModel = listener;
        return subscribe(name, params, listener);
      };
      api = value;
    },
  });
};

describe('a model the desktop shell opened', () => {
  it('starts the wizard at its Inspect step, from any page of the app', async () => {
    const { page } = await harness.open('app', '#/containers');
    await page.addInitScript(CATCH_OPEN_MODEL);
    await page.reload();
    await page.getByRole('heading', { name: 'Containers' }).first().waitFor();
    await page.waitForFunction(() => typeof (window as unknown as { __openModel?: unknown }).__openModel === 'function');
    await page.evaluate(async () => {
      const w = window as unknown as { craneml: { stageExample(a: object): Promise<unknown> }; __openModel(model: unknown): void };
      w.__openModel(await w.craneml.stageExample({}));
    });
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/wizard');
    await expect.poll(async () => (await page.locator('[aria-current="step"]').textContent()) ?? '').toContain('Inspect');
    await page.close();
  });
});
