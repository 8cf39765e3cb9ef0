/** The peer bench's figures: medians and spreads over rounds, ratios, the Markdown report and the chart. */
import sharp from 'sharp';
import { describeSpeed, type MachineSpeed } from '../machine-speed.ts';
import type { Memory, Workload } from './servers.ts';
import { DIGITS_WORKLOADS, WORKLOAD_LABEL, WORKLOADS } from './servers.ts';
import { tabularSections } from './tabular/report.ts';
import type { WrkResult } from './wrk.ts';

export interface Measurement extends WrkResult {
  server: string;
  workload: Workload;
  concurrency: number;
  round: number;
  /** One-minute load average just before the run. */
  loadAverage: number;
}

export interface ServerFacts {
  key: string;
  label: string;
  craneml: boolean;
  workloads: Workload[];
  versions: Record<string, string>;
  diskBytes: number;
  diskWhat: string;
  /** Per round: from spawning the server (or `craneml run`) to the first 200 on a prediction. */
  startupMs: number[];
  /** Per round, after its last run. */
  memory: Memory[];
  failures?: string[];
}

export interface RawResults {
  date: string;
  quick: boolean;
  machine: {
    cpus: number;
    model: string;
    memoryGb: number;
    kernel: string;
    node: string;
    cgroup: 'v1' | 'v2';
    cli: string;
    source: { commit: string; uncommitted: string[] };
    /** The machine's speed at the model (machine-speed.ts); absent in runs before it was recorded. */
    speed?: MachineSpeed;
  };
  settings: { durationS: number; warmupS: number; rounds: number; concurrency: number[]; wrk: string; wrkTimeoutS: number };
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  setupSeconds: number;
  venvSeconds: Record<string, number>;
  totalSeconds: number;
  servers: ServerFacts[];
  measurements: Measurement[];
  /** Image sizes of the tabular pipeline beside CraneML's (tabular/image-sizes.ts), when measured. */
  imageSizes?: ImageSize[];
}

export interface ImageSize {
  what: string;
  bytes?: number;
  /** Why it was not built here, when it was not. */
  note?: string;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface Cell {
  server: string;
  workload: Workload;
  concurrency: number;
  okRps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  errors: number;
  requests: number;
}

export interface Ratio {
  workload: Workload;
  concurrency: number;
  craneml: string;
  /** The peer with the most 2xx answers per second (median). */
  bestPeerRps?: string;
  /** CraneML's req/s over the best peer's: above 1, CraneML answers more. */
  rpsRatio?: number;
  /** The peer with the lowest median p99 among those with under 1% errors. */
  bestPeerP99?: string;
  /** CraneML's p99 over the best peer's: below 1, CraneML's tail is shorter. */
  p99Ratio?: number;
}

export interface Summary {
  cells: Cell[];
  ratios: Ratio[];
  servers: { key: string; startupMs: Spread; rssMb: Spread; pssMb: Spread; dockerMb?: Spread; diskMb: number }[];
  loadAverage: Spread;
}

export function spread(values: number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export function summarize(raw: RawResults): Summary {
  const cells: Cell[] = [];
  for (const server of raw.servers)
    for (const workload of server.workloads)
      for (const concurrency of raw.settings.concurrency) {
        const runs = raw.measurements.filter((m) => m.server === server.key && m.workload === workload && m.concurrency === concurrency);
        if (runs.length === 0) continue;
        cells.push({
          server: server.key,
          workload,
          concurrency,
          okRps: spread(runs.map((r) => r.okRps)),
          p50Ms: spread(runs.map((r) => r.p50Ms)),
          p99Ms: spread(runs.map((r) => r.p99Ms)),
          errors: runs.reduce((s, r) => s + r.errors, 0),
          requests: runs.reduce((s, r) => s + r.requests, 0),
        });
      }
  const isCraneml = (key: string) => raw.servers.find((s) => s.key === key)?.craneml === true;
  const ratios: Ratio[] = [];
  for (const workload of WORKLOADS)
    for (const concurrency of raw.settings.concurrency) {
      const here = cells.filter((c) => c.workload === workload && c.concurrency === concurrency);
      const peers = here.filter((c) => !isCraneml(c.server));
      const bestRps = [...peers].sort((a, b) => b.okRps.median - a.okRps.median)[0];
      const clean = peers.filter((c) => c.errors <= 0.01 * c.requests);
      const bestP99 = [...(clean.length ? clean : peers)].sort((a, b) => a.p99Ms.median - b.p99Ms.median)[0];
      for (const mine of here.filter((c) => isCraneml(c.server)))
        ratios.push({
          workload,
          concurrency,
          craneml: mine.server,
          bestPeerRps: bestRps?.server,
          rpsRatio: bestRps ? mine.okRps.median / bestRps.okRps.median : undefined,
          bestPeerP99: bestP99?.server,
          p99Ratio: bestP99 ? mine.p99Ms.median / bestP99.p99Ms.median : undefined,
        });
    }
  const servers = raw.servers.map((s) => ({
    key: s.key,
    startupMs: spread(s.startupMs),
    rssMb: spread(s.memory.map((m) => m.rssMb)),
    pssMb: spread(s.memory.map((m) => m.pssMb)),
    ...(s.memory.some((m) => m.dockerMb !== undefined) ? { dockerMb: spread(s.memory.map((m) => m.dockerMb ?? NaN)) } : {}),
    diskMb: s.diskBytes / 2 ** 20,
  }));
  return { cells, ratios, servers, loadAverage: spread(raw.measurements.map((m) => m.loadAverage)) };
}

function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** "1234 (1200–1300)", or just the value for a single round. */
function withSpread(s: Spread, digits = 0): string {
  if (s.n <= 1) return num(s.median, digits);
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

function inSeconds(s: Spread): Spread {
  return { ...s, median: s.median / 1000, min: s.min / 1000, max: s.max / 1000 };
}

function shortLabel(raw: RawResults, key: string | undefined): string {
  if (!key) return '–';
  return raw.servers.find((s) => s.key === key)?.label.replace(/ \(.*\)$/, '') ?? key;
}

function ratioCell(raw: RawResults, value: number | undefined, who: string | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'no peer';
  const label = shortLabel(raw, who).replace('FastAPI + uvicorn, ', 'FastAPI ');
  return `**${value.toFixed(2)}×** (${label})`;
}

/** The CraneML / best peer table (also shown in the README). */
export function ratioTable(raw: RawResults, summary: Summary): string[] {
  const lines = [
    '| workload | c | req/s: serve ÷ best peer | req/s: container ÷ best peer | p99: serve ÷ best peer | p99: container ÷ best peer |',
    '| --- | ---: | --- | --- | --- | --- |',
  ];
  for (const workload of DIGITS_WORKLOADS)
    for (const concurrency of raw.settings.concurrency) {
      const serve = summary.ratios.find((r) => r.workload === workload && r.concurrency === concurrency && r.craneml === 'craneml-serve');
      const box = summary.ratios.find((r) => r.workload === workload && r.concurrency === concurrency && r.craneml === 'craneml-container');
      if (!serve && !box) continue;
      const cell = (r: Ratio | undefined, value: 'rps' | 'p99'): string =>
        r ? (value === 'rps' ? ratioCell(raw, r.rpsRatio, r.bestPeerRps) : ratioCell(raw, r.p99Ratio, r.bestPeerP99)) : '–';
      lines.push(
        `| ${WORKLOAD_LABEL[workload]} | ${concurrency} | ${cell(serve, 'rps')} | ${cell(box, 'rps')} | ${cell(serve, 'p99')} | ${cell(box, 'p99')} |`,
      );
    }
  return lines;
}

/** The servers of the digits workloads (a tabular server's key is <server>@<model>). */
export function digitsServers(raw: RawResults): ServerFacts[] {
  return raw.servers.filter((s) => !s.key.includes('@'));
}

/** Every digits server at the highest concurrency: req/s and p99 per workload (also shown in the README). */
export function topLevelTable(raw: RawResults, summary: Summary): string[] {
  const top = Math.max(...raw.settings.concurrency);
  const workloads = DIGITS_WORKLOADS.filter((w) => summary.cells.some((c) => c.workload === w));
  const lines = [
    `| server | ${workloads.map((w) => `${WORKLOAD_LABEL[w]} req/s · p99 ms`).join(' | ')} | first 200 after start | RSS after the run | installed |`,
    `| --- | ${workloads.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  ];
  for (const server of digitsServers(raw)) {
    const facts = summary.servers.find((s) => s.key === server.key)!;
    const cells = workloads.map((w) => {
      const cell = summary.cells.find((c) => c.server === server.key && c.workload === w && c.concurrency === top);
      if (!cell) return '–';
      const errors = cell.errors ? ` (${cell.errors} errors)` : '';
      return `${num(cell.okRps.median)} · ${num(cell.p99Ms.median, 1)}${errors}`;
    });
    const rss = facts.dockerMb
      ? `${num(facts.rssMb.median)} MB (docker stats ${num(facts.dockerMb.median)} MB)`
      : `${num(facts.rssMb.median)} MB`;
    lines.push(
      `| ${server.label} | ${cells.join(' | ')} | ${num(facts.startupMs.median / 1000, 1)} s | ${rss} | ${num(facts.diskMb)} MB |`,
    );
  }
  return lines;
}

export function headline(raw: RawResults, summary: Summary): string {
  const load = summary.loadAverage;
  const busy =
    load.max > 3
      ? ` The machine was busy: the load average went above 3 (other work ran beside the bench), so these figures are noisier than usual.`
      : '';
  return (
    `${raw.date.slice(0, 16).replace('T', ' ')} UTC, ${raw.machine.cpus} CPUs (${raw.machine.model}), ${raw.machine.memoryGb} GB, Linux ${raw.machine.kernel}, Node ${raw.machine.node}, ${raw.settings.wrk}. ` +
    (raw.machine.speed ? `${describeSpeed(raw.machine.speed)}. ` : '') +
    `**The load client (wrk, 1–2 threads) shares the ${raw.machine.cpus} CPUs with the server**, so every figure is what this one machine does with client and server on it. ` +
    `One-minute load average before the bench ${num(raw.loadAverageBefore[0]!, 2)}, before each run ${num(load.median, 2)} (${num(load.min, 2)}–${num(load.max, 2)}).${busy}`
  );
}

export function renderMarkdown(raw: RawResults, summary: Summary): string {
  const top = Math.max(...raw.settings.concurrency);
  const digits = summary.cells.some((c) => (DIGITS_WORKLOADS as Workload[]).includes(c.workload));
  const lines = [
    `# CraneML against other servers${raw.quick ? ' (quick run: not for comparison)' : ''}`,
    '',
    headline(raw, summary),
    '',
    `${raw.settings.rounds} interleaved round(s): every server once per round, in the same order, started fresh each round. Per workload and round, ${raw.settings.warmupS} s of warm-up at c=${top}, then ${raw.settings.durationS} s at each concurrency (${raw.settings.concurrency.join(', ')} keep-alive connections, closed loop). Figures are medians over the rounds with the spread (min–max) in brackets. req/s counts 2xx answers; errors are non-2xx answers plus socket errors (connect, read, write, and timeouts at ${raw.settings.wrkTimeoutS} s), summed over the rounds. p50 and p99 are wrk's latency distribution. All servers load the same ONNX model (assets/examples/digits/model.onnx) with onnxruntime at its default threads; the JSON and V2 bodies carry the same 1×1×28×28 tensor; the PNG is a 280×280 grey drawing (samples/7.png), which CraneML's codec crops and centres MNIST-style while the peers only resize it with Pillow.`,
    '',
    `CraneML at commit ${raw.machine.source.commit}${raw.machine.source.uncommitted.length ? `, with uncommitted changes in ${raw.machine.source.uncommitted.join(', ')}` : ''}.`,
    ...(raw.machine.cli.startsWith('compiled')
      ? []
      : ['', `\`craneml serve\` ran the ${raw.machine.cli}, which adds to its start-up; the image always runs the bundled server.`]),
    ...(raw.machine.cgroup === 'v1'
      ? [
          '',
          "This host uses cgroup v1 and leaves wrk, the other servers and the rest of the machine's work in the root CPU group, while Docker puts the container in a group of its own. The kernel then shares the CPUs between the container's group, as one entity, and every runnable host thread, so the container gets less CPU than the same server under `craneml serve` whenever the machine is busy: compare the two CraneML rows with that in mind.",
        ]
      : []),
    '',
    ...(digits
      ? [
          '## CraneML / best peer',
          '',
          'Per workload and concurrency, CraneML against the best peer that takes the same request: for req/s the peer with the most answers (above 1×, CraneML answers more), for p99 the peer with the shortest tail among those under 1% errors (below 1×, CraneML is faster).',
          '',
          ...ratioTable(raw, summary),
          '',
          `## At c=${top}`,
          '',
          ...topLevelTable(raw, summary),
          '',
        ]
      : []),
    ...tabularSections(raw, summary),
  ];
  if (digits)
    lines.push(
      '## Every run',
      '',
      '| workload | c | server | req/s | p50 ms | p99 ms | errors |',
      '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    );
  for (const workload of DIGITS_WORKLOADS)
    for (const concurrency of raw.settings.concurrency)
      for (const cell of summary.cells.filter((c) => c.workload === workload && c.concurrency === concurrency))
        lines.push(
          `| ${WORKLOAD_LABEL[workload]} | ${concurrency} | ${raw.servers.find((s) => s.key === cell.server)!.label} | ${withSpread(cell.okRps)} | ${withSpread(cell.p50Ms, 1)} | ${withSpread(cell.p99Ms, 1)} | ${cell.errors} |`,
        );
  lines.push(
    '',
    '## Start-up, memory, disk',
    '',
    '"First 200" is from spawning the server (for the container: running `craneml run`, which creates and starts it) to the first 200 answer to a prediction. RSS is summed over the server\'s process tree after its last run of the round (processes that share pages count them each); PSS splits shared pages between processes. "Installed" is the venv for a peer, the bundled server with the node_modules it loads at run time for `craneml serve`, the whole image (with its Node.js base) for the container; the Python or Node.js interpreter outside them is not counted.',
    '',
    '| server | versions | first 200 after start s | RSS MB | PSS MB | installed MB |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  );
  for (const server of raw.servers) {
    const s = summary.servers.find((x) => x.key === server.key)!;
    const versions = Object.entries(server.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const rss = s.dockerMb ? `${withSpread(s.rssMb)}; docker stats ${withSpread(s.dockerMb)}` : withSpread(s.rssMb);
    lines.push(
      `| ${server.label} | ${versions} | ${withSpread(inSeconds(s.startupMs), 1)} | ${rss} | ${withSpread(s.pssMb)} | ${num(s.diskMb)} (${server.diskWhat}) |`,
    );
  }
  const failures = raw.servers.flatMap((s) => (s.failures ?? []).map((f) => `- ${s.label}: ${f}`));
  if (failures.length) lines.push('', '## Failures', '', ...failures);
  const venvs = Object.entries(raw.venvSeconds)
    .map(([peer, s]) => `${peer} ${s ? `${s.toFixed(0)} s` : 'reused'}`)
    .join(', ');
  lines.push(
    '',
    `Set-up ${raw.setupSeconds.toFixed(0)} s (venvs made side by side with the image build: ${venvs}); the whole bench ${(raw.totalSeconds / 60).toFixed(1)} min. Made by \`npm run bench:peers\` (test/bench/peers/).`,
    '',
  );
  return lines.join('\n');
}

const COLORS: Record<string, string> = {
  'craneml-serve': '#d9480f',
  'craneml-container': '#f08c00',
  'fastapi-1w': '#1c7ed6',
  'fastapi-2w': '#74c0fc',
  bentoml: '#2b8a3e',
  litserve: '#7048e8',
  mlserver: '#868e96',
};

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Grouped bars of req/s at the highest concurrency, one group per workload, as SVG. */
export function chartSvg(raw: RawResults, summary: Summary): string {
  const top = Math.max(...raw.settings.concurrency);
  const workloads = DIGITS_WORKLOADS.filter((w) => summary.cells.some((c) => c.workload === w && c.concurrency === top));
  const groups = workloads.map((w) => ({
    workload: w,
    bars: digitsServers(raw)
      .map((s) => summary.cells.find((c) => c.server === s.key && c.workload === w && c.concurrency === top))
      .filter((c): c is Cell => c !== undefined),
  }));
  const width = 1020;
  const height = 560;
  const left = 70;
  const right = 250;
  const topMargin = 60;
  const bottom = 60;
  const plotW = width - left - right;
  const plotH = height - topMargin - bottom;
  const maxValue = Math.max(
    1,
    ...summary.cells.filter((c) => c.concurrency === top && (DIGITS_WORKLOADS as Workload[]).includes(c.workload)).map((c) => c.okRps.max),
  );
  const step = niceStep(maxValue / 5);
  const yMax = Math.ceil(maxValue / step) * step;
  const y = (v: number) => topMargin + plotH - (v / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="28" font-size="18" font-weight="bold">Requests per second at c=${top} (median of ${raw.settings.rounds} round${raw.settings.rounds > 1 ? 's' : ''}; whisker: min–max)</text>`,
    `<text x="${left}" y="48" font-size="12" fill="#495057">${escape(`${raw.date.slice(0, 10)}, ${raw.machine.cpus} CPUs shared by wrk and the server, digits ONNX model`)}</text>`,
  ];
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e9ecef"/>`);
    parts.push(`<text x="${left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#495057">${v}</text>`);
  }
  const groupW = plotW / Math.max(1, groups.length);
  groups.forEach((group, gi) => {
    const barW = Math.min(40, (groupW * 0.8) / Math.max(1, group.bars.length));
    const start = left + gi * groupW + (groupW - barW * group.bars.length) / 2;
    group.bars.forEach((cell, bi) => {
      const x = start + bi * barW;
      const h = topMargin + plotH - y(cell.okRps.median);
      parts.push(
        `<rect x="${x + 2}" y="${y(cell.okRps.median)}" width="${barW - 4}" height="${Math.max(0, h)}" fill="${COLORS[cell.server] ?? '#adb5bd'}"/>`,
      );
      if (cell.okRps.n > 1) {
        const cx = x + barW / 2;
        parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(cell.okRps.min)}" y2="${y(cell.okRps.max)}" stroke="#212529" stroke-width="1.5"/>`);
      }
      parts.push(
        `<text x="${x + barW / 2}" y="${y(cell.okRps.max) - 5}" font-size="10" text-anchor="middle" fill="#212529">${num(cell.okRps.median)}</text>`,
      );
    });
    parts.push(
      `<text x="${left + gi * groupW + groupW / 2}" y="${topMargin + plotH + 22}" font-size="13" text-anchor="middle">${escape(WORKLOAD_LABEL[group.workload])}</text>`,
    );
  });
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(0)}" y2="${y(0)}" stroke="#495057"/>`);
  parts.push(
    `<text transform="translate(18 ${topMargin + plotH / 2}) rotate(-90)" font-size="13" text-anchor="middle">requests/s (2xx)</text>`,
  );
  digitsServers(raw).forEach((server, i) => {
    const ly = topMargin + 10 + i * 24;
    parts.push(`<rect x="${width - right + 20}" y="${ly - 10}" width="14" height="14" fill="${COLORS[server.key] ?? '#adb5bd'}"/>`);
    parts.push(`<text x="${width - right + 40}" y="${ly + 2}" font-size="12">${escape(server.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export async function renderChart(raw: RawResults, summary: Summary, file: string): Promise<void> {
  await sharp(Buffer.from(chartSvg(raw, summary)))
    .png()
    .toFile(file);
}
