/** The tabular sections of peers.md: rows/s against the best peer, the Python runtime against FastAPI, every run, image sizes. */
import type { Cell, RawResults, Spread, Summary } from '../report.ts';
import { tabularModelOf, tabularRole } from './servers.ts';
import {
  isTabular,
  TABULAR_MODEL_NOTE,
  TABULAR_MODELS,
  TABULAR_WORKLOADS,
  tabularLabel,
  tabularParts,
  type TabularWorkload,
} from './workloads.ts';

/** Short names of the servers in the tables, by role (the part of the key before "@"). */
const ROLE_LABEL: Record<string, string> = {
  'craneml-serve': 'CraneML serve',
  'craneml-container': 'CraneML container',
  'craneml-python': 'CraneML Python runtime',
  'fastapi-sklearn': 'FastAPI by hand',
  'bentoml-sklearn': 'BentoML',
  'mlserver-sklearn': 'MLServer',
  mlflow: 'mlflow',
};

function roleLabel(key: string | undefined): string {
  return key ? (ROLE_LABEL[tabularRole(key)] ?? key) : '–';
}

function num(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function scaled(s: Spread, by: number): Spread {
  return { ...s, median: s.median * by, min: s.min * by, max: s.max * by };
}

function withSpread(s: Spread, digits = 0): string {
  return s.n <= 1 ? num(s.median, digits) : `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

function ratio(value: number | undefined, who: string | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'no peer';
  // wrk reports no latency when no request was answered within the run.
  if (value === 0) return 'none answered';
  return `**${value.toFixed(2)}×** (${roleLabel(who)})`;
}

function tabularCells(summary: Summary): (Cell & { workload: TabularWorkload })[] {
  return summary.cells.filter((c): c is Cell & { workload: TabularWorkload } => isTabular(c.workload));
}

const CRANEML_ROLES = ['craneml-serve', 'craneml-container', 'craneml-python'] as const;

function ratioTable(raw: RawResults, summary: Summary): string[] {
  const lines = [
    '| workload | c | rows/s: serve ÷ best peer | container ÷ best peer | Python runtime ÷ best peer | p99: serve ÷ best peer | container | Python runtime |',
    '| --- | ---: | --- | --- | --- | --- | --- | --- |',
  ];
  for (const workload of TABULAR_WORKLOADS)
    for (const concurrency of raw.settings.concurrency) {
      const model = tabularParts(workload).model;
      const found = CRANEML_ROLES.map((role) =>
        summary.ratios.find((r) => r.workload === workload && r.concurrency === concurrency && r.craneml === `${role}@${model}`),
      );
      if (found.every((r) => r === undefined)) continue;
      const rps = found.map((r) => (r ? ratio(r.rpsRatio, r.bestPeerRps) : '–'));
      const p99 = found.map((r) => (r ? ratio(r.p99Ratio, r.bestPeerP99) : '–'));
      lines.push(`| ${tabularLabel(workload)} | ${concurrency} | ${[...rps, ...p99].join(' | ')} |`);
    }
  return lines;
}

/** The Python runtime against the hand-written FastAPI server on the same pickle (JSON rows: FastAPI takes no CSV). */
function pythonTable(raw: RawResults, summary: Summary): string[] {
  const cells = tabularCells(summary);
  const lines = ['| workload | c | rows/s: Python runtime ÷ FastAPI | p99: Python runtime ÷ FastAPI |', '| --- | ---: | ---: | ---: |'];
  for (const workload of TABULAR_WORKLOADS)
    for (const concurrency of raw.settings.concurrency) {
      const find = (role: string) =>
        cells.find((c) => c.workload === workload && c.concurrency === concurrency && tabularRole(c.server) === role);
      const mine = find('craneml-python');
      const theirs = find('fastapi-sklearn');
      if (!mine || !theirs) continue;
      const times = (a: number, b: number) => (a === 0 || b === 0 ? 'none answered' : `**${num(a / b, 2)}×**`);
      lines.push(
        `| ${tabularLabel(workload)} | ${concurrency} | ${times(mine.okRps.median, theirs.okRps.median)} | ${times(mine.p99Ms.median, theirs.p99Ms.median)} |`,
      );
    }
  return lines;
}

function everyRun(raw: RawResults, summary: Summary): string[] {
  const lines = [
    '| workload | c | server | rows/s | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const cells = tabularCells(summary);
  for (const workload of TABULAR_WORKLOADS)
    for (const concurrency of raw.settings.concurrency)
      for (const cell of cells.filter((c) => c.workload === workload && c.concurrency === concurrency)) {
        const rows = tabularParts(workload).rows;
        lines.push(
          `| ${tabularLabel(workload)} | ${concurrency} | ${roleLabel(cell.server)} | ${withSpread(scaled(cell.okRps, rows))} | ${withSpread(cell.okRps)} | ${withSpread(cell.p50Ms, 1)} | ${withSpread(cell.p99Ms, 1)} | ${cell.errors} |`,
        );
      }
  return lines;
}

function sizeTable(raw: RawResults, summary: Summary): string[] {
  const lines = ['| what | size MB | note |', '| --- | ---: | --- |'];
  for (const server of raw.servers.filter((s) => tabularModelOf(s.key) && s.key.startsWith('craneml-'))) {
    const facts = summary.servers.find((s) => s.key === server.key)!;
    lines.push(`| ${server.label} | ${num(facts.diskMb)} | ${server.diskWhat} |`);
  }
  for (const size of raw.imageSizes ?? [])
    lines.push(`| ${size.what} | ${size.bytes === undefined ? '–' : num(size.bytes / 2 ** 20)} | ${size.note ?? ''} |`);
  return lines;
}

/** The tabular sections, or nothing when no tabular workload ran. */
export function tabularSections(raw: RawResults, summary: Summary): string[] {
  if (tabularCells(summary).length === 0) return [];
  const models = TABULAR_MODELS.filter((m) => raw.servers.some((s) => tabularModelOf(s.key) === m));
  return [
    '## Tables: scikit-learn pipelines',
    '',
    `Two pickles made in the set-up with scikit-learn from data it ships (tabular/make_models.py): ${models.map((m) => `**${m}**, ${TABULAR_MODEL_NOTE[m]}`).join('; ')}. CraneML serves each as \`craneml init\` converts it (ONNX, by \`craneml serve\` and in its image) and, in a second image, the pickle itself with its Python runtime; the peers load the same pickle: FastAPI + uvicorn written by hand (joblib.load, a DataFrame of the rows, predict_proba), BentoML (a batchable API with a DataFrame parameter), MLServer's scikit-learn runtime (V2 with the pandas codec, predict_proba asked for) and \`mlflow models serve --env-manager local\` (the sklearn flavour, pyfunc answering predict_proba). Each gets the first 1 or 100 rows of the data a request in its own documented format: named rows (\`{"instances": [...]}\`) for CraneML and FastAPI, \`{"rows": [...]}\` records for BentoML, V2 columns for MLServer, \`dataframe_split\` for mlflow; CSV with a header where the server takes it (CraneML, mlflow). rows/s is 2xx answers a second times the rows a request.`,
    '',
    '### CraneML / best peer, rows/s and p99',
    '',
    'Against the peer with the most rows/s for the same workload (above 1×, CraneML answers more), and for p99 the peer with the shortest tail among those under 1% errors (below 1×, CraneML is faster). The Python runtime is CraneML too: it is compared with the peers, never counted as one.',
    '',
    ...ratioTable(raw, summary),
    '',
    '### CraneML Python runtime / FastAPI by hand, same pickle',
    '',
    ...pythonTable(raw, summary),
    '',
    '### Image sizes',
    '',
    "Whole images with their base. CraneML's are built on its local bases (node20; Python: Debian bookworm's python3); mlflow's and BentoML's Dockerfiles, as their own commands write them, are built on the same local Python base in place of python:3.11-slim, which cannot be pulled here (tabular/image-sizes.ts).",
    '',
    ...sizeTable(raw, summary),
    '',
    '### Every tabular run',
    '',
    ...everyRun(raw, summary),
    '',
  ];
}
