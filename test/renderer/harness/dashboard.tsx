/** Mounts the Containers dashboard on the fake CraneApi (one running and one stopped container, one image). */
import './fake-api.ts';
import { createRoot } from 'react-dom/client';
import { Dashboard } from '../../../renderer/src/containers/Dashboard.tsx';
import '../../../renderer/src/styles.css';

createRoot(document.getElementById('root')!).render(
  <Dashboard projectsDir="/home/me/CraneML" onTest={(container) => (window.location.hash = `#/test/${container}`)} />,
);
