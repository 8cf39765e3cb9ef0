/** Mounts the wizard on the fake CraneApi, taught the Python-runtime models of python-models.ts: dropping one stages it as the core does. */
import './fake-api.ts';
import { createRoot } from 'react-dom/client';
import type { CraneApi } from '../../../main/shared/crane-api.ts';
import { Wizard } from '../../../renderer/src/wizard/Wizard.tsx';
import '../../../renderer/src/styles.css';
import { LOG1P } from './python-models.ts';

const fake = window.craneml!;
const original = { stageDropped: fake.stageDropped, createProject: fake.createProject };

const stageDropped: CraneApi['stageDropped'] = async (args) => {
  if (args.files[0]?.name !== LOG1P.fileName) return original.stageDropped(args);
  window.__calls.push(['stageDropped', args.files.map((f) => f.name)]);
  return LOG1P;
};

/** As the core writes a Python-runtime project: format python, its input kind and task from what was staged. */
const createProject: CraneApi['createProject'] = async (args) => {
  const written = await original.createProject(args);
  return { ...written, format: 'python', inputKind: args.setup.input.kind, task: LOG1P.python!.task };
};

Object.assign(fake, { stageDropped, createProject });

createRoot(document.getElementById('root')!).render(<Wizard />);
