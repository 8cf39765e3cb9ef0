/**
 * One set-up decision: every model fixture the Node runtime serves, given as many labels as its score
 * output has classes, is decided the same through `craneml init`'s path (createManifest) and the app's
 * (stage by path, decideSetup, the wizard's form, createProject): the same score output, softmax, reason
 * and top-k in craneml.json, or a refusal on both, the app's in its own words.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../../main/api/crane-core.ts';
import { SettingsStore } from '../../../main/api/settings.ts';
import { inspectModel } from '../../../main/formats/index.ts';
import { createManifest } from '../../../main/project.ts';
import type { SetupDecision } from '../../../main/shared/crane-api.ts';
import { formFromStaged, setupFromForm } from '../../../renderer/src/wizard/setup-form.ts';
import { tempDir, type TempDir } from '../../helpers/temp-dir.ts';

/** Folders whose model files stand alone; the other fixtures are a folder each (a model with its weights). */
const FLAT = ['test/fixtures/onnx', 'test/fixtures/onnx/classifiers', 'test/fixtures/keras', 'test/fixtures/keras2'];
const FOLDERS = ['test/fixtures/tfjs', 'test/fixtures/tabular/onnx-tables', 'test/fixtures/onnx/torch_dynamo_external'];
const MODEL = /\.(onnx|h5|keras)$|^model\.json$/;

/** Each fixture: the file inspected, and the files dropped in the app (the model with its companions). */
async function fixtures(): Promise<{ model: string; files: string[] }[]> {
  const found: { model: string; files: string[] }[] = [];
  for (const dir of FLAT) {
    for (const entry of await readdir(dir, { withFileTypes: true }))
      if (entry.isFile() && MODEL.test(entry.name))
        found.push({ model: path.resolve(dir, entry.name), files: [path.resolve(dir, entry.name)] });
  }
  for (const parent of FOLDERS) {
    const single = (await readdir(parent)).some((name) => MODEL.test(name));
    const dirs = single ? [parent] : (await readdir(parent)).map((name) => path.join(parent, name));
    for (const dir of dirs) {
      const names = (await readdir(dir)).filter((name) => !/\.json$/.test(name) || name === 'model.json');
      const model = names.find((name) => MODEL.test(name));
      if (model) found.push({ model: path.resolve(dir, model), files: names.map((name) => path.resolve(dir, name)) });
    }
  }
  return found;
}

/** As many labels as the one output that could hold scores has classes; 3 when that is not known. */
function labelsFor(decision: SetupDecision): string[] {
  const classes = decision.outputs.find((o) => o.classes > 1)?.classes ?? 3;
  return Array.from({ length: classes }, (_, i) => `class ${i}`);
}

let config: TempDir;
let core: CraneCore;

beforeAll(async () => {
  config = await tempDir('setup-decision');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
});

afterAll(async () => {
  await core?.close();
  await config?.remove();
});

describe('one set-up decision for the CLI and the app', async () => {
  const all = await fixtures();

  it('finds the fixtures of every format the Node runtime serves', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
    for (const ext of ['.onnx', '.h5', '.keras', 'model.json'])
      expect(
        all.some((f) => f.model.endsWith(ext)),
        ext,
      ).toBe(true);
  });

  it.each(all.map((f) => [path.relative(process.cwd(), f.model), f] as const))('%s', { timeout: 60_000 }, async (_name, fixture) => {
    const cli = await inspectModel(fixture.model).then(
      (info) => ({ info }),
      (error: Error) => ({ error }),
    );
    const staged = await core.handlers.stageModelPaths({ paths: fixture.files }).catch((error: Error) => error);
    if ('error' in cli) {
      // A model the CLI cannot read is refused by the app too.
      expect(staged).toBeInstanceOf(Error);
      return;
    }
    if (staged instanceof Error) throw staged;
    const bare = await core.handlers.decideSetup({ stagedId: staged.stagedId, labels: [] });
    const labels = labelsFor(bare);

    const byCli = await createManifest(cli.info, { labels }).then(
      (manifest) => ({ postprocess: manifest.postprocess }),
      (error: Error) => ({ error: error.message }),
    );
    const decision = await core.handlers.decideSetup({ stagedId: staged.stagedId, labels });
    if ('error' in byCli) {
      expect(decision.problem?.message, byCli.error).toBeDefined();
      expect(decision.problem!.message).not.toMatch(/--[a-z]/);
      return;
    }
    expect(decision.problem).toBeUndefined();
    // The wizard's form with the labels typed and the core's answer in it, written as the app writes it.
    const form = { ...formFromStaged(staged), labels: labels.join('\n'), decision, topK: String(decision.topK) };
    const dir = path.join(config.path, 'written', path.basename(path.dirname(fixture.model)), path.basename(fixture.model));
    await core.handlers.createProject({ stagedId: staged.stagedId, dir, setup: setupFromForm(form), replace: false });
    const written = JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')) as { postprocess: unknown; labels: string[] };
    expect(written.postprocess).toEqual(byCli.postprocess);
    expect(written.labels).toEqual(labels);
  });
});
