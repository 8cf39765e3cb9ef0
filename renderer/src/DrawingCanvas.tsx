/** A canvas to draw on with mouse, pen or finger: dark round strokes on white, as people draw digits. */
import { useEffect, useRef } from 'react';

const SIZE = 280;
const PEN_WIDTH = 18;

export interface DrawingCanvasProps {
  /** Called with the drawing as PNG when a stroke ends. */
  onStrokeEnd: (png: Blob) => void;
  /** Changing this number clears the canvas. */
  clearSignal: number;
}

export function DrawingCanvas({ onStrokeEnd, clearSignal }: DrawingCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, SIZE, SIZE);
  }, [clearSignal]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * SIZE) / box.width, y: ((event.clientY - box.top) * SIZE) / box.height };
  };

  const drawTo = (to: { x: number; y: number }) => {
    const context = canvas.current?.getContext('2d');
    const from = last.current ?? to;
    if (!context) return;
    context.strokeStyle = '#111111';
    context.lineWidth = PEN_WIDTH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    last.current = to;
  };

  const end = () => {
    if (!last.current) return;
    last.current = null;
    canvas.current?.toBlob((blob) => blob && onStrokeEnd(blob), 'image/png');
  };

  return (
    <canvas
      ref={canvas}
      width={SIZE}
      height={SIZE}
      className="drawing"
      role="img"
      aria-label="Drawing area: draw here"
      onPointerDown={(event) => {
        // One pen at a time: the primary pointer's main button (left mouse, pen tip, first finger).
        if (!event.isPrimary || event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        last.current = null;
        drawTo(point(event));
      }}
      onPointerMove={(event) => {
        if (event.isPrimary && last.current) drawTo(point(event));
      }}
      onPointerUp={end}
      onPointerCancel={end}
    />
  );
}
