/** The try-it page's entry (bundled by main/runtimes/try-page.ts into every image's /page/page.js): mounts the page. */
import { createRoot } from 'react-dom/client';
import { TryPage } from './TryPage.tsx';
import '../styles.css';
import './page.css';

createRoot(document.getElementById('root')!).render(<TryPage />);
