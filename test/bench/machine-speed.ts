/**
 * How fast this machine runs CraneML's hot spot, in figures other load hardly moves: the CPU time one
 * digits sample takes in onnxruntime (one intra-op thread, this process), and the CPU's family and
 * model from /proc/cpuinfo (os.cpus() names only "AMD EPYC"). Benches record both, so that two runs
 * on different virtual machines are not read as a change in CraneML.
 */
import { readFileSync } from 'node:fs';
import { loadOnnx } from '../../main/formats/onnx.ts';
import type { Tensor } from '../../main/formats/types.ts';

export interface MachineSpeed {
  /** "family 23 model 1 stepping 2" (x86 /proc/cpuinfo), or undefined where there is none. */
  cpu?: string;
  /** CPU milliseconds (user + system, this process) per sample of the digits model, one at a time and 32 a call. */
  modelCpuMsPerSample: { batch1: number; batch32: number };
}

function cpuIdentity(): string | undefined {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string): string | undefined => new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm').exec(info)?.[1]?.trim();
    const family = field('cpu family');
    return family === undefined ? undefined : `family ${family} model ${field('model')} stepping ${field('stepping')}`;
  } catch {
    return undefined;
  }
}

/** CPU ms per sample over `seconds` of calls of `size` samples, after a warm-up. */
async function cpuPerSample(run: (feeds: Record<string, Tensor>) => Promise<unknown>, input: string, size: number, seconds: number) {
  const feeds: Record<string, Tensor> = {
    [input]: { dtype: 'float32', dims: [size, 1, 28, 28], data: new Float32Array(size * 784).fill(0.5) },
  };
  for (let i = 0; i < 10; i++) await run(feeds);
  const before = process.cpuUsage();
  const started = performance.now();
  let samples = 0;
  while (performance.now() - started < seconds * 1000) {
    await run(feeds);
    samples += size;
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / samples;
}

/** @example (await machineSpeed('assets/examples/digits/model.onnx')).modelCpuMsPerSample.batch32 // 0.99 */
export async function machineSpeed(digitsModel: string, seconds = 2): Promise<MachineSpeed> {
  const model = await loadOnnx(digitsModel, { intraOp: 1 });
  try {
    const input = model.info.inputs[0]!.name;
    const run = (feeds: Record<string, Tensor>) => model.run(feeds);
    return {
      cpu: cpuIdentity(),
      modelCpuMsPerSample: { batch1: await cpuPerSample(run, input, 1, seconds), batch32: await cpuPerSample(run, input, 32, seconds) },
    };
  } finally {
    await model.dispose();
  }
}

/** One sentence for a report's machine facts. */
export function describeSpeed(speed: MachineSpeed): string {
  const { batch1, batch32 } = speed.modelCpuMsPerSample;
  return `The digits model takes ${batch32.toFixed(2)} CPU ms a sample in calls of 32 here (${batch1.toFixed(2)} one at a time; onnxruntime, one thread${speed.cpu ? `; CPU ${speed.cpu}` : ''})`;
}
