/** bench-results/memory.md from the memory bench's rounds: medians, spreads, and ratios taken within each round. */
import { KIND_LABEL, type Kind } from './memory-kinds.ts';
import type { ProcessMemory } from './memory-proc.ts';

export const FASTAPI_LABEL = 'FastAPI + uvicorn, 1 worker';

export interface MemorySample {
  server: string;
  kind: Kind;
  /** Ready, its warm-up and one request of each kind done, then 2 s idle. */
  idle: ProcessMemory;
  /** Right after the fixed load. */
  loaded: ProcessMemory;
  loads: { name: string; ok: number; errors: number; okRps: number }[];
}

export interface MemoryRun {
  date: string;
  machine: string;
  concurrency: number;
  loadMs: number;
  builds: { label: string; entry: string }[];
  rounds: { loadBefore: number; loadAfter: number; samples: MemorySample[] }[];
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(values: number[], digits: number, unit = ''): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const m = median(finite).toFixed(digits) + unit;
  return finite.length > 1 ? `${m} (${Math.min(...finite).toFixed(digits)}–${Math.max(...finite).toFixed(digits)})` : m;
}

function samplesOf(run: MemoryRun, kind: Kind, server: string): MemorySample[] {
  return run.rounds.flatMap((r) => r.samples.filter((s) => s.kind === kind && s.server === server));
}

/** a/b within each round that has both, for one reading. */
function roundRatios(run: MemoryRun, kind: Kind, a: string, b: string, read: (s: MemorySample) => number, bKind = kind): number[] {
  return run.rounds.flatMap((r) => {
    const x = r.samples.find((s) => s.kind === kind && s.server === a);
    const y = r.samples.find((s) => s.kind === bKind && s.server === b);
    return x && y ? [read(x) / read(y)] : [];
  });
}

export function memoryMarkdown(run: MemoryRun): string {
  const kinds = [...new Set(run.rounds.flatMap((r) => r.samples.map((s) => s.kind)))];
  const servers = [...new Set(run.rounds.flatMap((r) => r.samples.map((s) => s.server)))];
  const loads = run.rounds.map((r) => `${r.loadBefore.toFixed(1)}→${r.loadAfter.toFixed(1)}`).join(', ');
  const lines = [
    '# Memory per model kind',
    '',
    `${run.date}, ${run.machine}; ${run.rounds.length} interleaved rounds (one-minute load average before→after each: ${loads}).`,
    `Each server started fresh per kind and round. **Idle**: ready, one request of each kind answered, 2 s idle. **After load**: right after`,
    `each of the kind's requests for ${run.loadMs / 1000} s at ${run.concurrency} connections (test/bench/load.ts). MB are MiB; medians (min–max).`,
    `RSS and PSS over the process tree; anonymous and file pages of the root process (file pages: node, onnxruntime,`,
    `libvips mapped in; the kernel can drop them under pressure).`,
    '',
    `Builds: ${run.builds.map((b) => `${b.label} = \`${b.entry}\``).join('; ')}.`,
    '',
    '| kind | server | RSS idle | RSS after load | peak RSS | PSS after load | anon / file after load | threads | req/s during the load |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const kind of kinds)
    for (const server of servers) {
      const s = samplesOf(run, kind, server);
      if (s.length === 0) continue;
      const rps = s[0]!.loads.map(
        (l) =>
          `${l.name} ${spread(
            s.map((x) => x.loads.find((y) => y.name === l.name)?.okRps ?? NaN),
            0,
          )}`,
      );
      lines.push(
        `| ${KIND_LABEL[kind]} | ${server} | ${spread(
          s.map((x) => x.idle.rssMb),
          0,
        )} | ${spread(
          s.map((x) => x.loaded.rssMb),
          0,
        )} | ${spread(
          s.map((x) => x.loaded.peakMb),
          0,
        )} | ${spread(
          s.map((x) => x.loaded.pssMb),
          0,
        )} | ${median(s.map((x) => x.loaded.anonMb)).toFixed(0)} / ${median(s.map((x) => x.loaded.fileMb)).toFixed(0)} | ${median(
          s.map((x) => x.loaded.threads),
        )} | ${rps.join(', ')} |`,
      );
    }
  const ratioRows: string[] = [];
  const crane = servers.filter((s) => s !== FASTAPI_LABEL);
  if (servers.includes(FASTAPI_LABEL))
    for (const kind of kinds)
      for (const server of crane) {
        if (samplesOf(run, kind, server).length === 0) continue;
        const r = (read: (s: MemorySample) => number): string =>
          spread(roundRatios(run, kind, server, FASTAPI_LABEL, read, 'digits'), 2, '×');
        ratioRows.push(
          `| ${KIND_LABEL[kind]} | ${server} ÷ FastAPI on digits | ${r((s) => s.idle.rssMb)} | ${r((s) => s.loaded.rssMb)} | ${r((s) => s.loaded.pssMb)} |`,
        );
      }
  for (const kind of kinds)
    for (const server of crane.slice(1)) {
      const r = (read: (s: MemorySample) => number): string => spread(roundRatios(run, kind, server, crane[0]!, read), 2, '×');
      ratioRows.push(
        `| ${KIND_LABEL[kind]} | ${server} ÷ ${crane[0]} | ${r((s) => s.idle.rssMb)} | ${r((s) => s.loaded.rssMb)} | ${r((s) => s.loaded.pssMb)} |`,
      );
    }
  if (ratioRows.length > 0)
    lines.push(
      '',
      'Ratios within each round, then their median (min–max): below 1× is less memory.',
      '',
      '| kind | ratio | RSS idle | RSS after load | PSS after load |',
      '| --- | --- | ---: | ---: | ---: |',
      ...ratioRows,
    );
  return lines.join('\n') + '\n';
}
