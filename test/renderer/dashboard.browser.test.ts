/** The Containers dashboard in Chromium on a fake core: one row per container with exactly named actions, inline remove confirmation, live logs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['dashboard']);
});

afterAll(async () => {
  await harness?.close();
});

describe('containers dashboard', () => {
  it('shows Docker connected and one row per container with Stop, Remove, Logs and Test', async () => {
    const { page, errors } = await harness.open('dashboard');
    await page.getByText('Docker 27.0.1 connected').waitFor();
    for (const name of ['digits-run', 'digits-stopped']) {
      const row = page.getByRole('row').filter({ hasText: name });
      for (const action of ['Stop', 'Remove', 'Logs', 'Test'])
        expect(await row.getByRole('button', { name: action, exact: true }).count(), `${action} in ${name}`).toBe(1);
    }
    const running = page.getByRole('row').filter({ hasText: 'digits-run' });
    const stopped = page.getByRole('row').filter({ hasText: 'digits-stopped' });
    expect(await running.getByRole('button', { name: 'Restart', exact: true }).count()).toBe(1);
    expect(await running.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
    expect(await stopped.getByRole('button', { name: 'Start', exact: true }).count()).toBe(1);
    expect(await stopped.getByRole('button', { name: 'Stop', exact: true }).isDisabled()).toBe(true);
    expect(await running.getByRole('link', { name: 'http://127.0.0.1:8080' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for confirmation in place before removing a container', async () => {
    const { page } = await harness.open('dashboard');
    const row = page.getByRole('row').filter({ hasText: 'digits-stopped' });
    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    const calls = () => page.evaluate(() => window.__calls.filter(([name]) => name === 'containerAction').map(([, args]) => args));
    expect(await calls()).toEqual([]);
    await row.getByRole('button', { name: 'Confirm remove' }).click();
    await expect.poll(calls).toEqual([{ container: 'c-stop', action: 'remove' }]);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'digits-stopped' }).count()).toBe(0);
    await page.close();
  });

  it('follows the logs of a container while the panel is open, and stops when it closes', async () => {
    const { page } = await harness.open('dashboard');
    await page.getByRole('row').filter({ hasText: 'digits-run' }).getByRole('button', { name: 'Logs', exact: true }).click();
    const log = page.getByRole('log', { name: 'Logs of digits-run' });
    await expect.poll(() => log.textContent()).toContain('listening on 8080');
    await page.getByRole('button', { name: 'Close logs' }).click();
    await expect.poll(() => log.count()).toBe(0);
    const events = await page.evaluate(() =>
      window.__calls.filter(([name]) => name === 'subscribe' || name === 'unsubscribe').map(([name]) => name),
    );
    expect(events).toEqual(['subscribe', 'unsubscribe']);
    await page.close();
  });

  it('offers run, export and push for each image, with a default tar path in the projects folder', async () => {
    const { page } = await harness.open('dashboard');
    const row = page.getByRole('row').filter({ hasText: 'digits:1.0.0' });
    await row.getByRole('button', { name: 'Export tar' }).click();
    expect(await page.getByLabel('Tar file path').inputValue()).toBe('/home/me/CraneML/digits-1.0.0.tar');
    // An existing file is replaced only when the user says so.
    const replace = page.getByRole('checkbox', { name: 'Replace the file if it exists' });
    expect(await replace.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('Wrote /home/me/CraneML/digits-1.0.0.tar').waitFor();
    await replace.check();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => window.__calls.filter(([name]) => name === 'exportTar').map(([, args]) => args)))
      .toEqual([
        { image: 'digits:1.0.0', file: '/home/me/CraneML/digits-1.0.0.tar', replace: false },
        { image: 'digits:1.0.0', file: '/home/me/CraneML/digits-1.0.0.tar', replace: true },
      ]);
    for (const action of ['Run', 'Export folder', 'Push', 'Remove'])
      expect(await row.getByRole('button', { name: action, exact: true }).count()).toBe(1);
    await page.close();
  });

  it('offers no Replace for a folder CraneML never writes, and says why', async () => {
    const { page } = await harness.open('dashboard');
    const row = page.getByRole('row').filter({ hasText: 'digits:1.0.0' });
    await row.getByRole('button', { name: 'Export folder' }).click();
    await page.getByLabel('Folder path').fill('/home/me');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('is your home folder').waitFor();
    expect(await page.getByRole('button', { name: /^Replace/ }).count()).toBe(0);
    await page.close();
  });

  it('replaces an earlier export folder only after a confirmation naming that folder', async () => {
    const { page } = await harness.open('dashboard');
    const row = page.getByRole('row').filter({ hasText: 'digits:1.0.0' });
    await row.getByRole('button', { name: 'Export folder' }).click();
    await page.getByLabel('Folder path').fill('/home/me/CraneML/earlier');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('holds an earlier export').waitFor();
    const replace = page.getByRole('button', { name: 'Replace /home/me/CraneML/earlier' });
    // Editing the path withdraws the question: it named the other folder.
    await page.getByLabel('Folder path').fill('/home/me/CraneML/earlier2');
    expect(await replace.count()).toBe(0);
    await page.getByLabel('Folder path').fill('/home/me/CraneML/earlier');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await replace.click();
    await page.getByText('Wrote /home/me/CraneML/earlier:').waitFor();
    await expect
      .poll(() => page.evaluate(() => window.__calls.filter(([name]) => name === 'exportFolder').map(([, args]) => args)))
      .toEqual([
        { image: 'digits:1.0.0', out: '/home/me/CraneML/earlier' },
        { image: 'digits:1.0.0', out: '/home/me/CraneML/earlier' },
        { image: 'digits:1.0.0', out: '/home/me/CraneML/earlier', replace: true },
      ]);
    await page.close();
  });
});
