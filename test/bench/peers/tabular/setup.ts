/**
 * Set-up of the tabular workloads: the pickles (make_models.py in the test set-up's venv), CraneML's
 * project of each (`craneml init`: converted to ONNX) and a Python-runtime project of the same pickle,
 * and every server's request bodies.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceFacts } from '../../../../main/notebook/source-facts.ts';
import { createManifest } from '../../../../main/project.ts';
import { pickleFallbackInfo } from '../../../../main/convert/pickle-fallback.ts';
import { run } from '../proc.ts';
import { writeTabularBodies } from './bodies.ts';
import type { TabularModel } from './workloads.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../../..');
const BIN = path.join(ROOT, 'bin', 'craneml.js');

/** Where each part of a model's set-up lives under the tabular folder. */
export function tabularFiles(dir: string, model: TabularModel) {
  return {
    pickle: path.join(dir, 'models', `${model}.pkl`),
    rows: path.join(dir, 'models', `${model}.rows.json`),
    onnxProject: path.join(dir, `${model}-onnx`),
    pythonProject: path.join(dir, `${model}-python`),
  };
}

/** The path of the test set-up's venv (scripts/tabular-venv.sh makes it when missing). */
function tabularVenv(): string {
  const out = spawnSync('bash', [path.join(ROOT, 'scripts', 'tabular-venv.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (out.status !== 0) throw new Error('scripts/tabular-venv.sh failed');
  return out.stdout.trim();
}

/** Why the Python-runtime project exists although the converter takes the pickle: the manifest says so. */
const WHY_PYTHON = 'the peer bench serves the same pickle with the Python runtime, next to its ONNX conversion';

/**
 * The same pickle as a Python-runtime project: the manifest `craneml init` writes for a pickle no
 * converter takes (the same code path), from the columns and classes of its ONNX project.
 */
async function pythonProject(pickle: string, onnxProject: string, dir: string, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const copy = path.join(dir, path.basename(pickle));
  await copyFile(pickle, copy);
  const facts = await readSourceFacts(copy);
  if (!facts) throw new Error(`${pickle} is not a pickle CraneML reads`);
  const onnx = JSON.parse(await readFile(path.join(onnxProject, 'craneml.json'), 'utf8'));
  const report = {
    ok: false as const,
    error: { step: 'convert' as const, message: WHY_PYTHON },
    model: { estimator: onnx.conversion.source.estimator, task: onnx.task, classes: onnx.labels },
    columns: onnx.input.columns,
  };
  const manifest = await createManifest(await pickleFallbackInfo(facts, report, WHY_PYTHON), { name });
  await writeFile(path.join(dir, 'craneml.json'), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Makes the pickles, then per model its ONNX project, its Python-runtime project and its bodies.
 * @example await prepareTabularModels('/tmp/x/tabular', ['cancer'], console.log)
 */
export async function prepareTabularModels(dir: string, models: readonly TabularModel[], log: (line: string) => void): Promise<void> {
  await mkdir(path.join(dir, 'models'), { recursive: true });
  await run(path.join(tabularVenv(), 'bin', 'python'), [path.join(HERE, 'make_models.py'), path.join(dir, 'models')]);
  await Promise.all(
    models.map(async (model) => {
      const files = tabularFiles(dir, model);
      const t = performance.now();
      await run(process.execPath, [BIN, 'init', files.pickle, '-o', files.onnxProject, '--name', model]);
      log(`tabular ${model}: converted to ONNX by craneml init in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      await pythonProject(files.pickle, files.onnxProject, files.pythonProject, model);
      await writeTabularBodies(dir, model, files.rows);
    }),
  );
}
