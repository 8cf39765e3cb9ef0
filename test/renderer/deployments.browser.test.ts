/** The dashboard's Deployments section in Chromium on a fake Swarm: rows, scale, roll back, remove, deploy with consent to Swarm mode. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlNames } from './accessible-names.ts';
import { startHarness, type Harness } from './browser.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['dashboard']);
});

afterAll(async () => {
  await harness?.close();
});

function callsTo(page: Page, name: string) {
  return () => page.evaluate((wanted) => window.__calls.filter(([call]) => call === wanted).map(([, args]) => args), name);
}

const deploymentRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Deployments' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });

describe('deployments dashboard', () => {
  it('lists each deployment with its image, replicas, URLs and state, every control named', async () => {
    const { page, errors } = await harness.open('dashboard', '?deployments=2');
    const digits = deploymentRow(page, 'digits');
    await digits.waitFor();
    expect(await digits.textContent()).toContain('digits:2.0.0');
    expect(await digits.textContent()).toContain('2 of 2 running, 2 healthy');
    expect(await digits.getByText('healthy', { exact: true }).count()).toBe(1);
    for (const url of ['http://127.0.0.1:8080', 'http://127.0.0.1:8081'])
      expect(await digits.getByRole('link', { name: url }).count()).toBe(1);
    expect(await digits.getByRole('spinbutton', { name: 'Replicas of digits' }).inputValue()).toBe('2');
    for (const action of ['Scale', 'Roll back', 'Remove'])
      expect(await digits.getByRole('button', { name: action, exact: true }).count(), action).toBe(1);
    const controls = (await controlNames(page)).map((c) => `${c.role}: ${c.name}`);
    expect(controls.filter((c) => c.endsWith(': '))).toEqual([]);
    for (const wanted of [
      'spinbutton: Replicas of digits',
      'spinbutton: Replicas of flaky',
      'button: Roll back',
      'button: Deploy to Swarm',
    ])
      expect(controls, wanted).toContain(wanted);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says how to make one when there are no deployments', async () => {
    const { page } = await harness.open('dashboard');
    await page.getByText(/^No deployments yet: press Deploy to Swarm on an image below/).waitFor();
    expect(await page.getByRole('table', { name: 'Deployments' }).count()).toBe(0);
    await page.close();
  });

  it('scales from the keyboard, rolls back and removes (after confirming) with the right arguments', async () => {
    const { page } = await harness.open('dashboard', '?deployments=2');
    const digits = deploymentRow(page, 'digits');
    const replicas = digits.getByRole('spinbutton', { name: 'Replicas of digits' });
    await replicas.fill('3');
    await replicas.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Scaling digits to 3' }).waitFor();
    await page.getByText('digits: 3 of 3 replicas healthy on digits:2.0.0').waitFor();
    expect(await callsTo(page, 'scaleDeployment')()).toEqual([{ name: 'digits', replicas: 3 }]);
    await expect.poll(() => digits.textContent()).toContain('3 of 3 running, 3 healthy');

    await digits.getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('digits: 3 of 3 replicas healthy on digits:1.0.0').waitFor();
    expect(await callsTo(page, 'rollbackDeployment')()).toEqual([{ name: 'digits' }]);
    await expect.poll(() => digits.textContent()).toContain('digits:1.0.0');

    await digits.getByRole('button', { name: 'Remove', exact: true }).click();
    expect(await callsTo(page, 'undeploy')()).toEqual([]);
    await digits.getByRole('button', { name: 'Confirm remove' }).click();
    await expect.poll(callsTo(page, 'undeploy')).toEqual([{ name: 'digits' }]);
    await expect.poll(() => digits.count()).toBe(0);
    expect(await deploymentRow(page, 'flaky').count()).toBe(1);
    await page.close();
  });

  it('names the deployment whose action failed', async () => {
    const { page } = await harness.open('dashboard', '?deployments=2');
    const flaky = deploymentRow(page, 'flaky');
    await flaky.getByRole('button', { name: 'Roll back' }).click();
    await page.getByRole('alert').filter({ hasText: 'flaky: deployment flaky has no previous version to roll back to' }).waitFor();
    await flaky.getByRole('spinbutton', { name: 'Replicas of flaky' }).fill('2');
    await flaky.getByRole('button', { name: 'Scale' }).click();
    await page.getByRole('alert').filter({ hasText: 'flaky: deployment flaky did not settle within 300 s' }).waitFor();
    await page.close();
  });

  it('asks before turning on Swarm mode, deploys only after consent, and shows where it answers', async () => {
    const { page, errors } = await harness.open('dashboard');
    await page.getByRole('row').filter({ hasText: 'digits:1.0.0' }).getByRole('button', { name: 'Deploy to Swarm' }).click();
    expect(await page.getByLabel('Deployment name').inputValue()).toBe('digits');
    await page.getByLabel('Replicas', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();

    const consent = page.getByRole('group', { name: 'Turn on Docker Swarm mode?' });
    await consent.waitFor();
    expect(await consent.textContent()).toContain('docker swarm init');
    expect(await consent.textContent()).toContain('127.0.0.1');
    const turnOn = consent.getByRole('button', { name: 'Turn on Swarm and deploy' });
    expect(await turnOn.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await callsTo(page, 'deploy')()).toEqual([{ image: 'digits:1.0.0', name: 'digits', replicas: 2, initSwarm: false }]);
    expect(await page.getByRole('table', { name: 'Deployments' }).count()).toBe(0);

    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Deploying digits:1.0.0 as digits' }).waitFor();
    await page.getByText('digits is deployed: 2 of 2 replicas healthy on digits:1.0.0').waitFor();
    expect((await callsTo(page, 'deploy')())[1]).toEqual({ image: 'digits:1.0.0', name: 'digits', replicas: 2, initSwarm: true });
    await page.getByText('Swarm mode is on: a single node').waitFor();
    expect(await page.getByRole('list', { name: 'Where digits answers' }).getByRole('link').count()).toBe(2);
    await expect.poll(() => deploymentRow(page, 'digits').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('deploys without asking once Swarm is on, and reports a rollback with its reason', async () => {
    const { page } = await harness.open('dashboard', '?deployments=2');
    await deploymentRow(page, 'digits').waitFor();
    await page.getByRole('row').filter({ hasText: 'digits:1.0.0' }).getByRole('button', { name: 'Deploy to Swarm' }).click();
    // Re-deploying keeps the deployment's replica count.
    expect(await page.getByLabel('Replicas', { exact: true }).inputValue()).toBe('2');
    await page.getByText('Updates digits (now digits:2.0.0), one replica at a time.').waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByText('digits is updated: 2 of 2 replicas healthy on digits:1.0.0').waitFor();
    expect(await page.getByRole('group', { name: 'Turn on Docker Swarm mode?' }).count()).toBe(0);
    expect(await callsTo(page, 'deploy')()).toEqual([{ image: 'digits:1.0.0', name: 'digits', replicas: 2, initSwarm: false }]);

    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'digits:broken' }).getByRole('button', { name: 'Deploy to Swarm' }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const rolledBack = page.getByRole('alert').filter({ hasText: 'Swarm rolled digits back' });
    await rolledBack.waitFor();
    expect(await rolledBack.textContent()).toContain('digits:broken never became healthy, so digits:1.0.0 runs again.');
    expect(await rolledBack.textContent()).toContain('Swarm said: update rolled back due to failure');
    await page.close();
  });
});
