/**
 * Mounts the drawing pad alone; each PNG it hands out lands in window.__lastPng (a data URL) and window.__pngCount,
 * once read; window.__pngHandedOut counts them as the pad hands them out, before the read.
 */
import { createRoot } from 'react-dom/client';
import { DrawingPad } from '../../../renderer/src/drawing/DrawingPad.tsx';
import '../../../renderer/src/styles.css';

declare global {
  interface Window {
    __lastPng: string | null;
    __pngCount: number;
    __pngHandedOut: number;
  }
}

window.__lastPng = null;
window.__pngCount = 0;
window.__pngHandedOut = 0;

function remember(png: Blob): void {
  window.__pngHandedOut++;
  const reader = new FileReader();
  reader.onload = () => {
    window.__lastPng = String(reader.result);
    window.__pngCount++;
  };
  reader.readAsDataURL(png);
}

createRoot(document.getElementById('root')!).render(
  <DrawingPad
    onDrawing={remember}
    onClear={() => {
      window.__lastPng = null;
    }}
  />,
);
