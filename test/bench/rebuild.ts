/**
 * Model-only rebuild time: `node bin/tsx.js test/bench/rebuild.ts` (needs Docker and the local base,
 * not part of `npm test`). Builds the digits model once, then five times with a changed model (same
 * runtime, same base), timing `craneml build` from start to tagged image (the CLI as users run it)
 * and packageImage alone (without the CLI's start). Writes bench-results/rebuild.json and rebuild.md
 * with the load average before each run, since the CPUs are shared. Removes what it built.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packageImage } from '../../main/packaging/package-image.ts';
import { discoverDocker } from '../../main/docker/discover.ts';
import { initProject, openProject } from '../../main/project.ts';
import { LOCAL_BASE } from '../docker/require-docker.ts';
import { DIGITS } from '../runtime/helpers.ts';

const RUNS = Number(process.env.BENCH_REBUILDS ?? 5);
const OUT_DIR = path.resolve('bench-results');
const run = promisify(execFile);

interface Rebuild {
  run: number;
  cliSeconds: number;
  packageSeconds: number;
  reusedRuntime: boolean;
  load: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const { docker } = await discoverDocker();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bench-rebuild-'));
  const tag = `craneml-bench/rebuild:${process.pid}`;
  const model = path.join(tmp, 'model.onnx');
  const project = path.join(tmp, 'project');
  const original = await readFile(path.join(DIGITS, 'model.onnx'));
  /** The digits model with some weights changed (`variant` > 0): same graph, another file. */
  const writeModel = async (variant: number): Promise<void> => {
    const bytes = Buffer.from(original);
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 4096; i++) bytes[i] = bytes[i]! ^ variant;
    await writeFile(model, bytes);
    await initProject(model, project, { name: 'rebuild-bench', preset: 'digits', force: true });
  };
  const rows: Rebuild[] = [];
  try {
    await writeModel(0);
    const first = await packageImage(docker, await openProject(project), { tag, baseImage: LOCAL_BASE });
    console.log(`first build: ${(first.ms / 1000).toFixed(2)} s (runtime layer ${first.reusedRuntime ? 'reused' : 'built'})`);
    for (let i = 1; i <= RUNS; i++) {
      // Alternately through the CLI and in process, each on a changed model.
      await writeModel(2 * i - 1);
      const load = os.loadavg()[0]!;
      const started = performance.now();
      const cli = await run(process.execPath, ['bin/craneml.js', 'build', project, '-t', tag, '--base-image', LOCAL_BASE, '--json']);
      const cliSeconds = (performance.now() - started) / 1000;
      const reusedCli = (JSON.parse(cli.stdout) as { reusedRuntime?: boolean }).reusedRuntime === true;
      await writeModel(2 * i);
      const packaged = await packageImage(docker, await openProject(project), { tag, baseImage: LOCAL_BASE });
      rows.push({ run: i, cliSeconds, packageSeconds: packaged.ms / 1000, reusedRuntime: reusedCli && packaged.reusedRuntime, load });
      console.log(
        `rebuild ${i}: craneml build ${cliSeconds.toFixed(2)} s, packageImage ${(packaged.ms / 1000).toFixed(2)} s, load ${load.toFixed(2)}${reusedCli && packaged.reusedRuntime ? '' : ' (runtime layer rebuilt: its sources changed)'}`,
      );
    }
  } finally {
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    note: 'model-only rebuilds of the digits model on craneml/local-base:node20; the two CPUs are shared with other work (load average per run)',
    median_cli_seconds: median(rows.map((r) => r.cliSeconds)),
    median_package_seconds: median(rows.map((r) => r.packageSeconds)),
    rows,
  };
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(path.join(OUT_DIR, 'rebuild.json'), JSON.stringify(result, null, 2) + '\n');
  const md = [
    `# Model-only rebuild (${result.date})`,
    '',
    `Machine: ${result.machine.cpus} CPUs, ${result.machine.model}, Node ${result.machine.node}; CPUs shared with other work (load average below).`,
    '',
    '| run | `craneml build` to tagged image, s | packageImage alone, s | runtime layer reused | load average |',
    '| ---: | ---: | ---: | --- | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.run} | ${r.cliSeconds.toFixed(2)} | ${r.packageSeconds.toFixed(2)} | ${r.reusedRuntime ? 'yes' : 'no'} | ${r.load.toFixed(2)} |`,
    ),
    '',
    `Median: \`craneml build\` ${result.median_cli_seconds.toFixed(2)} s, packageImage ${result.median_package_seconds.toFixed(2)} s.`,
    '',
  ].join('\n');
  await writeFile(path.join(OUT_DIR, 'rebuild.md'), md);
  console.log(
    `median: craneml build ${result.median_cli_seconds.toFixed(2)} s, packageImage ${result.median_package_seconds.toFixed(2)} s`,
  );
  console.log('wrote bench-results/rebuild.json and rebuild.md');
}

await main();
