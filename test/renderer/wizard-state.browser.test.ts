/**
 * The wizard as a new user meets it, in real Chromium against the real web mode and core (no Docker):
 * focus lands on what an action produced, a refused drop leaves nothing of the model before, files
 * dropped together are one model (two models are refused by name), a ZipMap is said in words, the
 * wizard survives a reload with only what the core still holds, and the steps read as they should.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealApp, type RealApp } from './real-app.ts';
import { SCREENS } from './screens.ts';
import { stroke } from '../e2e/app-driver.ts';

const ONNX = path.resolve('test/fixtures/onnx');
const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

let app: RealApp;

beforeAll(async () => {
  app = await startRealApp('wizard-state');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function openWizard(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
  return { page, errors };
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const currentStep = async (page: Page) => (await page.locator('[aria-current="step"]').textContent()) ?? '';
const modelFiles = (page: Page) => page.getByLabel(/^Model files/);

/** A file of the fixtures (or given bytes) as the file input takes it. */
async function file(name: string, from: string | Buffer): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  return { name, mimeType: 'application/octet-stream', buffer: typeof from === 'string' ? await readFile(from) : from };
}

/** Stages the bundled digits example (its file is model.onnx). */
async function useExample(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Use the digits example' }).click();
  await page.getByText(/^Ready: model\.onnx/).waitFor();
}

async function toSetupStep(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Inspect' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Input and output' }).waitFor();
}

describe('the wizard, tried as a new user would', () => {
  it('puts the focus on "Ready" after the digits example, and a refused file leaves nothing of it', async () => {
    const { page, errors } = await openWizard();
    await useExample(page);
    await expect.poll(() => focusedText(page)).toMatch(/^Ready: model\.onnx/);

    await modelFiles(page).setInputFiles([await file('notes.onnx', Buffer.from('not a model at all'))]);
    await page.getByRole('alert').waitFor();
    expect(await page.getByText(/^Ready:/).count()).toBe(0);
    await expect.poll(() => focusedText(page)).toMatch(/notes\.onnx/);
    // Nothing of the digits example stays chosen: Next asks for a model.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toMatch(/drop or pick the model files/);
    expect(await currentStep(page)).toContain('Drop');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes an .onnx with its .onnx.data, and a model with its labels.txt, as one model', async () => {
    const { page, errors } = await openWizard();
    const external = path.join(ONNX, 'torch_dynamo_external');
    await modelFiles(page).setInputFiles([
      await file('model.onnx', path.join(external, 'model.onnx')),
      await file('model.onnx.data', path.join(external, 'model.onnx.data')),
    ]);
    await page.getByText(/^Ready: model\.onnx \(onnx,/).waitFor();

    await modelFiles(page).setInputFiles([
      await file('digits.onnx', path.join(ONNX, 'helper_softmax_digits.onnx')),
      await file('labels.txt', Buffer.from(`${DIGIT_NAMES.join('\n')}\n`)),
    ]);
    await page.getByText(/^Ready: digits\.onnx/).waitFor();
    await toSetupStep(page);
    expect((await page.getByLabel('Labels (one per line)').inputValue()).split('\n')).toEqual(DIGIT_NAMES);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses two models dropped together, naming both', async () => {
    const { page } = await openWizard();
    await modelFiles(page).setInputFiles([
      await file('logits.onnx', path.join(ONNX, 'classifiers/ends_in_logits.onnx')),
      await file('softmax.onnx', path.join(ONNX, 'classifiers/ends_in_softmax.onnx')),
    ]);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/2 models dropped together: logits\.onnx and softmax\.onnx; drop one model/);
    expect(await page.getByText(/^Ready:/).count()).toBe(0);
    await page.close();
  });

  it('says in words that ZipMap probabilities are not served, with the fix', async () => {
    const { page } = await openWizard();
    await modelFiles(page).setInputFiles([await file('iris.onnx', path.join(ONNX, 'skl2onnx_iris_zipmap.onnx'))]);
    await page.getByText(/^Ready: iris\.onnx/).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    const note = page.getByRole('note', { name: /Not served: output_probability/ });
    await note.waitFor();
    expect(await note.textContent()).toMatch(/ZipMap.*options=\{"zipmap": False\}/);
    await page.screenshot({ path: `${SCREENS}/wizard-zipmap-inspect.png`, fullPage: true });
    await page.close();
  });

  it('names step 4 "Docker image", shows the scale as 1/255, and no choice of a select is cut off', async () => {
    const { page, errors } = await openWizard();
    expect(await page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(3).textContent()).toBe('4 Docker image');
    await useExample(page);
    await toSetupStep(page);
    expect(await page.getByLabel('Scale', { exact: true }).inputValue()).toBe('1/255');
    // Each select is wider than the text of its longest choice (plus its arrow).
    const cut = await page.locator('select').evaluateAll((selects) => {
      const context = document.createElement('canvas').getContext('2d')!;
      return (selects as HTMLSelectElement[]).flatMap((select) => {
        const style = getComputedStyle(select);
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return Array.from(select.options)
          .filter((option) => context.measureText(option.text).width > room)
          .map((option) => `${select.id}: ${option.text}`);
      });
    });
    expect(cut).toEqual([]);
    // The preview box is large enough to draw in.
    const box = await page.getByRole('application', { name: /Preview drawing/ }).boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    await page.screenshot({ path: `${SCREENS}/wizard-setup.png`, fullPage: true });

    // A typed fraction goes into the project as its number.
    await page.getByLabel('Scale', { exact: true }).fill('1/127.5');
    await page.getByLabel('Project folder', { exact: true }).fill(path.join(app.config.path, 'written', 'scaled'));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    expect(await currentStep(page)).toContain('Docker image');
    const manifest = JSON.parse(await readFile(path.join(app.config.path, 'written', 'scaled', 'craneml.json'), 'utf8')) as {
      input: { scale: number };
    };
    expect(manifest.input.scale).toBeCloseTo(1 / 127.5, 12);
    await page.screenshot({ path: `${SCREENS}/wizard-docker-image.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws with the pen colour chosen, so a colour model sees colour', async () => {
    const { page } = await openWizard();
    await useExample(page);
    await toSetupStep(page);
    const canvas = page.getByRole('application', { name: /Preview drawing/ });
    await canvas.scrollIntoViewIfNeeded();
    await page.getByLabel('Pen colour').first().fill('#e01010');
    await stroke(canvas, [
      [140, 40],
      [140, 240],
    ]);
    const [r, g, b] = await canvas.evaluate((element) =>
      Array.from((element as HTMLCanvasElement).getContext('2d')!.getImageData(140, 140, 1, 1).data),
    );
    expect([r, g, b]).toEqual([0xe0, 0x10, 0x10]);
    await page.close();
  });

  it("clears the preview's answer with the drawing", async () => {
    const { page } = await openWizard();
    await useExample(page);
    await toSetupStep(page);
    const canvas = page.getByRole('application', { name: /Preview drawing/ });
    await canvas.scrollIntoViewIfNeeded();
    await stroke(canvas, [
      [140, 40],
      [140, 240],
    ]);
    await page.getByRole('img', { name: 'What the model sees' }).waitFor();
    await page.getByRole('toolbar', { name: 'Drawing tools' }).getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByRole('img', { name: 'What the model sees' }).count()).toBe(0);
    expect(await page.locator('.preview-result').count()).toBe(0);
    await page.close();
  });

  it('comes back where it was after a reload, and back to the Drop step when the core let the model go', async () => {
    const { page, errors } = await openWizard();
    await useExample(page);
    await toSetupStep(page);
    await page.getByLabel('Model name').fill('kept-name');
    await page.reload();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    expect(await page.getByLabel('Model name').inputValue()).toBe('kept-name');
    expect(await currentStep(page)).toContain('Input and output');

    // Written, then reloaded: the Docker image step with the project read again from its folder.
    const dir = path.join(app.config.path, 'written', 'kept');
    await page.getByLabel('Project folder', { exact: true }).fill(dir);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    await page.getByLabel('Port').fill('8099');
    await page.reload();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    expect(await page.getByLabel('Port').inputValue()).toBe('8099');
    await page.getByText(`Project kept-name 1.0.0 in ${dir}`).waitFor();

    // Back at Input and output, the core staging two newer models lets this one go: a reload starts over.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    const other = await openWizard();
    for (const name of ['a', 'b']) {
      await modelFiles(other.page).setInputFiles([await file(`${name}.onnx`, path.join(ONNX, 'classifiers/ends_in_logits.onnx'))]);
      await other.page.getByText(`Ready: ${name}.onnx`).waitFor();
    }
    await other.page.close();
    await page.reload();
    await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
    await expect.poll(() => currentStep(page)).toContain('Drop');
    expect(await page.getByText(/^Ready:/).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists each recent project once', async () => {
    const dir = path.join(app.config.path, 'written', 'recent');
    const { page } = await openWizard();
    await useExample(page);
    await toSetupStep(page);
    await page.getByLabel('Model name').fill('recent-once');
    await page.getByLabel('Project folder', { exact: true }).fill(dir);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    await page.close();
    // The same folder written two ways in the settings (as older versions kept it).
    const file = path.join(app.config.path, 'settings.json');
    const settings = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { recentProjects?: string[] };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ ...settings, recentProjects: [dir, `${dir}/`, dir] }));
    const fresh = await openWizard();
    const list = fresh.page.getByRole('list', { name: 'Recent projects' });
    await list.waitFor();
    expect(await list.getByRole('button', { name: /recent-once/ }).count()).toBe(1);
    await fresh.page.close();
  });
});
