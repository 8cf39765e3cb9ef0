/**
 * Mounts the whole app on the fake CraneApi; with ?project=1 the core says it was started with a project,
 * with ?endless-build=1 a build starts and never ends.
 */
import './fake-api.ts';
import { createRoot } from 'react-dom/client';
import { App } from '../../../renderer/src/app/App.tsx';
import '../../../renderer/src/styles.css';

if (new URLSearchParams(window.location.search).has('project')) {
  const api = window.craneml!;
  api.appState = async () => ({
    version: '0.1.0',
    projectsDir: '/home/me/CraneML',
    project: {
      dir: '/home/me/CraneML/digits',
      name: 'digits',
      version: '2.0.0',
      format: 'onnx',
      inputKind: 'image',
      labels: 10,
      defaultTag: 'digits:2.0.0',
    },
  });
}

if (new URLSearchParams(window.location.search).has('endless-build')) window.craneml!.buildImage = async () => ({ jobId: 'job-endless' });

createRoot(document.getElementById('root')!).render(<App />);
