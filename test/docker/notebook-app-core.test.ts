/**
 * The app's core with a dropped notebook model: staging converts it through the same inspectModel
 * as the CLI (in the real converter container), says each step on the "conversion" stream, and
 * createProject writes a table project; a hostile pickle reaches the page as a 4xx error body.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { parseManifest } from '../../main/manifest.ts';
import type { ConversionEvent } from '../../main/shared/crane-api.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

const MODELS = path.resolve('test/fixtures/tabular/models');
const CONVERT_MS = 20 * 60_000;

let core: CraneCore;
let config: TempDir;
let savedCacheDir: string | undefined;

beforeAll(async () => {
  config = await tempDir('notebook-core');
  // A cache of its own: the conversion runs (and reports its steps) whatever ran before. Set here, not
  // with vi.stubEnv, which the config's unstubEnvs undoes before each test (the user's cache was used).
  savedCacheDir = process.env.CRANEML_CACHE_DIR;
  process.env.CRANEML_CACHE_DIR = path.join(config.path, 'cache');
  core = createCraneCore({
    settings: new SettingsStore(path.join(config.path, 'config')),
    projectsDir: path.join(config.path, 'projects'),
  });
});

afterAll(async () => {
  if (savedCacheDir === undefined) delete process.env.CRANEML_CACHE_DIR;
  else process.env.CRANEML_CACHE_DIR = savedCacheDir;
  await core?.close();
  await config?.remove();
});

describe.skipIf(!docker)('a notebook model dropped on the app', () => {
  it(
    'is converted while staging, with its steps on the conversion stream, and becomes a table project',
    async () => {
      const events: ConversionEvent[] = [];
      const stop = core.subscribe('conversion', '', (event) => events.push(event));
      const bytes = new Uint8Array(await readFile(path.join(MODELS, 'cancer.joblib')));
      const staged = await core.handlers.stageModel({ files: [{ name: 'cancer.joblib', bytes }] });
      stop();

      expect(staged).toMatchObject({ format: 'onnx', fileName: 'cancer.joblib' });
      expect(staged.notebook?.columns).toHaveLength(30);
      expect(staged.notebook?.conversion.parity.passed).toBe(true);
      expect(staged.notebook?.conversion.source).toMatchObject({ file: 'cancer.joblib', kind: 'joblib', library: 'scikit-learn' });
      expect(staged.setup.input.kind).toBe('table');
      expect(staged.setup.labels).toEqual(staged.notebook?.classes);

      expect(events.map((e) => e.step)).toContain('convert');
      expect(events.map((e) => e.step)).toContain('parity');
      for (const event of events) {
        expect(event.fileName).toBe('cancer.joblib');
        // The page never sees the staging folder's path.
        expect(event.message).not.toMatch(/craneml-stage-/);
      }

      const dir = path.join(config.path, 'projects', 'cancer');
      const summary = await core.handlers.createProject({ stagedId: staged.stagedId, dir, setup: staged.setup, replace: false });
      expect(summary).toMatchObject({ inputKind: 'table', task: 'classification', labels: 2, format: 'onnx' });
      const manifest = parseManifest(JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')), 'the project');
      expect(manifest.input.kind).toBe('table');
      expect(manifest.conversion?.source.file).toBe('cancer.joblib');
      expect(manifest.model.files.map((f) => f.path)).toEqual(['model.onnx']);

      // The wizard's preview runs the converted model on a named row, as the server would.
      const expected = JSON.parse(await readFile(path.join(MODELS, 'cancer.expected.json'), 'utf8')) as {
        rows: Record<string, number>[];
        predict: number[];
      };
      const preview = await core.handlers.previewInput({ stagedId: staged.stagedId, setup: staged.setup, instance: expected.rows[0] });
      expect(preview.prediction).toMatchObject({ label: String(expected.predict[0]) });
    },
    CONVERT_MS,
  );
});
