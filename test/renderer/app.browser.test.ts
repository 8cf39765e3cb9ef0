/** The app shell in Chromium on a fake core: the top navigation, hash routes, and opening at the Image step for a given project. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['app']);
});

afterAll(async () => {
  await harness?.close();
});

describe('app navigation', () => {
  it('opens the wizard at its first step and reaches the dashboard through the "Containers" link', async () => {
    const { page, errors } = await harness.open('app');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'New model' }).waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Drop');
    await nav.getByRole('link', { name: 'Containers', exact: true }).click();
    await page.getByRole('heading', { name: 'Containers', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/containers');
    expect(await nav.getByRole('link', { name: 'Containers' }).getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: 'New model' }).click();
    await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('starts a new wizard from "New model", and continues the one in progress from its own link', async () => {
    const { page, errors } = await harness.open('app');
    const nav = page.getByRole('navigation');
    const step = () => page.locator('[aria-current="step"]').textContent();
    await page.getByRole('button', { name: 'Use the digits example' }).click();
    await page.getByText(/^Ready:/).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    const carryOn = nav.getByRole('link', { name: 'Continue: Input and output' });
    expect(await carryOn.getAttribute('aria-current')).toBe('page');

    // A visit to Containers keeps the wizard: its link brings it back where it was.
    await nav.getByRole('link', { name: 'Containers', exact: true }).click();
    await page.getByRole('heading', { name: 'Containers', level: 1 }).waitFor();
    await carryOn.click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    expect(await step()).toContain('Input and output');

    // "New model" starts over, even from the wizard itself, with nothing chosen.
    await nav.getByRole('link', { name: 'New model' }).click();
    await expect.poll(step).toContain('Drop');
    expect(await page.getByText(/^Ready:/).count()).toBe(0);
    expect(await carryOn.count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/wizard');
    expect(await nav.getByRole('link', { name: 'New model' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toMatch(/drop or pick the model files/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps a running build when "New model" is pressed, and says why in words', async () => {
    const { page, errors } = await harness.open('app', '?project=1&endless-build=1');
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Build' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'New model' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toMatch(/wait until the build ends or press Cancel/);
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Build');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the Image step for the project the app was started with', async () => {
    const { page } = await harness.open('app', '?project=1');
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Docker image');
    expect(await page.getByLabel('Image name and tag').inputValue()).toBe('digits:2.0.0');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^Built digits:2\.0\.0/).waitFor();
    await page.close();
  });

  it('opens the Test window from a #/test/<container> address and names the container', async () => {
    const { page } = await harness.open('app', '#/test/digits-1');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('no container digits-1');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Test window' }).getAttribute('href')).toBe('#/test/digits-1');
    await page.close();
  });

  it('says how to choose a container when the Test window has none', async () => {
    const { page } = await harness.open('app');
    await page.getByRole('navigation').getByRole('link', { name: 'Test window' }).click();
    await page.getByText(/No container chosen: press Test next to a running container/).waitFor();
    expect(await page.getByRole('link', { name: 'Containers' }).count()).toBe(1);
    await page.close();
  });
});
