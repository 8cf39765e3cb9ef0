/**
 * Reading stays inside what the user gave: a bare model folder whose weights are a symlink out of
 * it is refused by inspect, init, build, export and the app's staging and buildImage, and nothing of
 * the outside file is copied; a .keras zip bomb is refused by inspect with its peak memory bounded.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore } from '../../main/api/crane-core.ts';
import { StagingArea } from '../../main/api/staging.ts';
import { modelFilePaths } from '../../main/electron/model-files.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { writeGraphModel } from '../helpers/tfjs-models.ts';
import { kerasArchive, zerosEntry } from '../unit/formats/crafted-zip.ts';

const EXTERNAL = path.resolve('test/fixtures/onnx/torch_dynamo_external');
/** Weights no other file holds: if these bytes turn up in an output, the outside file was copied. */
const MARKED_WEIGHTS = [1.2345678, -6.7891234, 3.1415927, 2.7182817, 42.424242, -0.0012345];

let root: string;
let outside: string;
/** A bare TF.js folder (model.json + weights.bin, no craneml.json) whose weights.bin links out of it. */
let tfjsFolder: string;
let tfjsOutsideBytes: Buffer;
/** A bare ONNX folder whose model.onnx.data links out of it. */
let onnxFolder: string;
let onnxOutsideBytes: Buffer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'craneml-reading-'));
  outside = path.join(root, 'outside');
  await mkdir(outside);
  tfjsFolder = path.join(root, 'tfjs');
  await writeGraphModel(tfjsFolder, MARKED_WEIGHTS);
  tfjsOutsideBytes = await readFile(path.join(tfjsFolder, 'weights.bin'));
  await writeFile(path.join(outside, 'weights.bin'), tfjsOutsideBytes);
  await rm(path.join(tfjsFolder, 'weights.bin'));
  await symlink(path.join(outside, 'weights.bin'), path.join(tfjsFolder, 'weights.bin'));
  onnxFolder = path.join(root, 'onnx');
  await mkdir(onnxFolder);
  await copyFile(path.join(EXTERNAL, 'model.onnx'), path.join(onnxFolder, 'model.onnx'));
  await copyFile(path.join(EXTERNAL, 'model.onnx.data'), path.join(outside, 'model.onnx.data'));
  await symlink(path.join(outside, 'model.onnx.data'), path.join(onnxFolder, 'model.onnx.data'));
  onnxOutsideBytes = (await readFile(path.join(outside, 'model.onnx.data'))).subarray(0, 4096);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

/** Every regular file under `dir` (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function expectNoCopyOf(bytes: Buffer, dir: string): Promise<void> {
  for (const file of await filesUnder(dir)) expect((await readFile(file)).includes(bytes), file).toBe(false);
}

const cases = [
  { what: 'a TF.js weight shard', folder: () => tfjsFolder, bytes: () => tfjsOutsideBytes, linked: 'weights.bin', role: 'weights shard' },
  {
    what: "an ONNX model's external data",
    folder: () => onnxFolder,
    bytes: () => onnxOutsideBytes,
    linked: 'model.onnx.data',
    role: 'external data file',
  },
];

describe.each(cases)('$what that is a symlink out of a bare model folder', ({ folder, bytes, linked, role }) => {
  const refusal = (): RegExp =>
    new RegExp(`^craneml: ${path.join(folder(), linked)}: the ${role} "${linked}" leads outside the model's folder ${folder()}; `);

  it('is refused by inspect, naming the path and why', async () => {
    expectOneLine(await runCli(['inspect', folder()]), refusal());
  });

  it('is refused by init, which copies nothing of it', async () => {
    const out = path.join(root, `init-${path.basename(folder())}`);
    expectOneLine(await runCli(['init', folder(), '-o', out]), refusal());
    await expectNoCopyOf(bytes(), out);
  });

  it('is refused by export of the folder, which copies nothing of it', async () => {
    const out = path.join(root, `export-${path.basename(folder())}`);
    expectOneLine(await runCli(['export', folder(), '-o', out]), refusal());
    await expectNoCopyOf(bytes(), out);
  });

  it('is refused by build of the folder before any image is made', async () => {
    expectOneLine(await runCli(['build', folder(), '-t', `craneml-test/never-built-${process.pid}:1`]), refusal());
  });

  it("is refused by the app's staging and its buildImage and openProject calls", async () => {
    const message = expect.stringContaining(`the ${role} "${linked}" leads outside the model's folder ${folder()}`);
    // The desktop app opens a model by path and copies it with its companions into staging.
    const entry = path.join(folder(), linked === 'weights.bin' ? 'model.json' : 'model.onnx');
    await expect(modelFilePaths(entry)).rejects.toMatchObject({ code: 'MODEL_FILES', message });
    const staging = new StagingArea();
    await expect(staging.stageFolder(folder())).rejects.toMatchObject({ code: 'MODEL_FILES', message });
    await staging.dispose();
    const core = createCraneCore({ projectsDir: path.join(root, 'projects') });
    try {
      await expect(core.handlers.buildImage({ dir: folder(), tag: `craneml-test/never-built-${process.pid}:2` })).rejects.toMatchObject({
        code: 'MODEL_FILES',
        message,
      });
      await expect(core.handlers.openProject({ dir: folder() })).rejects.toMatchObject({ code: 'MODEL_FILES', message });
    } finally {
      await core.close();
    }
  });
});

describe('a .keras zip bomb', () => {
  it('is refused by inspect with exit 2 and one line, its peak memory under 400 MB', async () => {
    // 1.7 MB that inflates to 1700 MiB of zeros; before the limits, inspect peaked at 2.5 GB RSS.
    const bomb = path.join(root, 'bomb.keras');
    await writeFile(bomb, kerasArchive(zerosEntry('model.weights.h5', 1700)));
    // The child writes its own high-water mark (VmHWM) as it exits: the peak, however brief.
    const probe = path.join(root, 'peak-probe.mjs');
    const peakFile = path.join(root, 'peak-kb');
    await writeFile(
      probe,
      "import { readFileSync, writeFileSync } from 'node:fs';\n" +
        "process.on('exit', () => writeFileSync(process.env.CRANEML_TEST_PEAK_FILE, /VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]));\n",
    );
    const result = await runCli(['inspect', bomb], {
      env: { NODE_OPTIONS: `--import=${pathToFileURL(probe).href}`, CRANEML_TEST_PEAK_FILE: peakFile },
    });
    expectOneLine(
      result,
      /bomb\.keras: its entry "model\.weights\.h5" would expand \d+:1 \(1700 MiB from \d+ bytes\), past the limit of 100:1/,
    );
    const peakKb = Number(await readFile(peakFile, 'utf8'));
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb * 1024).toBeLessThan(400 * 1024 ** 2);
  });
});
