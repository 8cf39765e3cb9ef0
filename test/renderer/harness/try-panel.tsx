/** Mounts the try-it controls (TryPanel) against the model server at ?url= (with ?key= as its API key), after reading its /metadata. */
import { createRoot } from 'react-dom/client';
import { fetchMetadata, type ContainerTarget } from '../../../renderer/src/try/container-client.ts';
import { TryPanel } from '../../../renderer/src/try/TryPanel.tsx';
import '../../../renderer/src/styles.css';

const query = new URLSearchParams(location.search);
const target: ContainerTarget = { url: query.get('url') ?? '', ...(query.get('key') ? { apiKey: query.get('key')! } : {}) };
const metadata = await fetchMetadata(target);
createRoot(document.getElementById('root')!).render(<TryPanel target={target} metadata={metadata} />);
