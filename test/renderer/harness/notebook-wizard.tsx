/**
 * Mounts the wizard on the fake CraneApi, taught the notebook models of notebook-models.ts: dropping one
 * reports its conversion steps on the `conversion` event, then stages it (or refuses it as the core does).
 * With ?hold=1 a staging waits after its last step until the test calls window.__release().
 */
import './fake-api.ts';
import { createRoot } from 'react-dom/client';
import type { ConversionEvent, CraneApi } from '../../../main/shared/crane-api.ts';
import { Wizard } from '../../../renderer/src/wizard/Wizard.tsx';
import '../../../renderer/src/styles.css';
import { apiError } from './api-error.ts';
import { classified } from './classified.ts';
import { NOTEBOOK_FILES } from './notebook-models.ts';

declare global {
  interface Window {
    /** Lets a held staging finish (?hold=1). */
    __release: () => void;
  }
}

const STEPS: ConversionEvent['step'][] = ['image', 'load', 'describe', 'convert', 'parity'];
const STEP_MESSAGES: Record<ConversionEvent['step'], string> = {
  image: 'converter image craneml/converter:sklearn-1.9.1 ready',
  load: 'loaded Pipeline(StandardScaler, LogisticRegression)',
  describe: '30 columns, 2 classes',
  convert: 'skl2onnx 1.20.0, opset 17',
  parity: '200 rows compared',
};

const fake = window.craneml!;
const original = { stageDropped: fake.stageDropped, subscribe: fake.subscribe, createProject: fake.createProject };
const listeners = new Set<(event: ConversionEvent) => void>();
let someoneListens: () => void = () => undefined;
const listening = new Promise<void>((resolve) => (someoneListens = resolve));
const held = new URLSearchParams(window.location.search).has('hold');
const released = new Promise<void>((resolve) => (window.__release = resolve));

async function convert(fileName: string, steps: readonly ConversionEvent['step'][]): Promise<void> {
  await listening;
  for (const step of steps) for (const listener of listeners) listener({ fileName, step, message: STEP_MESSAGES[step] });
  if (held) await released;
}

const stageDropped: CraneApi['stageDropped'] = async (args) => {
  const name = args.files[0]?.name ?? '';
  const known = NOTEBOOK_FILES[name];
  if (!known) return original.stageDropped(args);
  window.__calls.push(['stageDropped', args.files.map((f) => f.name)]);
  if ('code' in known) {
    // A hostile pickle is refused before anything runs; a failed conversion gets as far as converting.
    if (known.code === 'CONVERSION_FAILED') await convert(name, STEPS.slice(0, 4));
    throw apiError(known.code, known.message);
  }
  await convert(name, STEPS);
  return known;
};

const subscribe: CraneApi['subscribe'] = (name, params, listener) => {
  if (name !== 'conversion') return original.subscribe(name, params, listener);
  const conversion = listener as (event: ConversionEvent) => void;
  listeners.add(conversion);
  someoneListens();
  return () => listeners.delete(conversion);
};

/** As the core writes a notebook model's project: its input kind and task from what was staged. */
const createProject: CraneApi['createProject'] = async (args) => {
  const written = await original.createProject(args);
  const model = Object.values(NOTEBOOK_FILES).find((known) => 'stagedId' in known && known.stagedId === args.stagedId);
  const task = model && 'notebook' in model ? model.notebook?.task : undefined;
  return { ...written, inputKind: args.setup.input.kind, ...(task ? { task } : {}) };
};

/** As the core previews a row of a table model whose first input is a category column: a string tensor, no figures. */
const previewInput: CraneApi['previewInput'] = async (args) => {
  window.__calls.push(['previewInput', { stagedId: args.stagedId, instance: args.instance }]);
  const first = Object.keys((args.instance as Record<string, unknown>) ?? {})[0] ?? 'x';
  return {
    tensor: { name: first, dtype: 'string', shape: [1], min: 0, max: 0, mean: 0, head: [] },
    prediction: classified([
      ['1', 0.537],
      ['0', 0.463],
    ]),
    ms: 5,
  };
};

Object.assign(fake, { stageDropped, subscribe, createProject, previewInput });

createRoot(document.getElementById('root')!).render(<Wizard />);
