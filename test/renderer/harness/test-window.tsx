/** Mounts the Test window for container "c1"; the fake core says it listens at the ?url= of this page. */
import './fake-api.ts';
import { createRoot } from 'react-dom/client';
import { TestWindow } from '../../../renderer/src/test-window/TestWindow.tsx';
import '../../../renderer/src/styles.css';

createRoot(document.getElementById('root')!).render(<TestWindow container="c1" />);
