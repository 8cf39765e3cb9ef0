/** Mounts the wizard on the fake CraneApi (installed first, so the transport picks it). */
import './fake-api.ts';
import { createRoot } from 'react-dom/client';
import { Wizard } from '../../../renderer/src/wizard/Wizard.tsx';
import '../../../renderer/src/styles.css';

createRoot(document.getElementById('root')!).render(<Wizard />);
