/** Steps through the wizard harness on the fake core (harness/fake-api.ts), as the wizard's browser tests begin. */
import type { Page } from 'playwright-core';

/** Stages the digits example and goes on to the Input-and-output step. */
export async function toSetupStep(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Use the digits example' }).click();
  await page.getByText('Ready: digits.onnx').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('table', { name: 'Inputs and outputs' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Input and output' }).waitFor();
}
