/** A canvas to draw on with mouse, pen or finger, with pen/eraser, brush size and Clear; it hands out the drawing as PNG. */
import { useEffect, useRef, useState } from 'react';
import { canvasToPng } from './canvas-png.ts';
import { CANVAS_SIZE, extendStroke, hasInk, rasterise, startStroke, toCanvasPoint, type Stroke, type Tool } from './strokes.ts';

const MOVE_DEBOUNCE_MS = 250;

export interface DrawingPadProps {
  /** Called with the drawing as PNG: ~250 ms after the pen moves, and at once when it lifts. */
  onDrawing: (png: Blob) => void;
  /** Called when the drawing is cleared. */
  onClear?: () => void;
  /** The canvas's accessible name. */
  label?: string;
  /** Shown smaller (the wizard's preview). */
  compact?: boolean;
}

export function DrawingPad({ onDrawing, onClear, label = 'Drawing area: draw a digit here', compact = false }: DrawingPadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const current = useRef<Stroke | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [tool, setTool] = useState<Tool>('pen');
  const [brush, setBrush] = useState(18);

  const repaint = () => {
    const context = canvas.current?.getContext('2d');
    if (context) rasterise(context, current.current ? [...strokes.current, current.current] : strokes.current);
  };

  useEffect(() => {
    repaint();
    return () => clearTimeout(timer.current);
  }, []);

  const emit = () => {
    clearTimeout(timer.current);
    if (canvas.current && hasInk(strokes.current)) canvasToPng(canvas.current).then(onDrawing, () => undefined);
  };

  const point = (event: React.PointerEvent<HTMLCanvasElement>) =>
    toCanvasPoint(event.clientX, event.clientY, event.currentTarget.getBoundingClientRect());

  const finish = () => {
    if (!current.current) return;
    strokes.current = [...strokes.current, current.current];
    current.current = null;
    emit();
  };

  const clear = () => {
    clearTimeout(timer.current);
    strokes.current = [];
    current.current = null;
    repaint();
    onClear?.();
  };

  return (
    <div className={compact ? 'drawing-pad compact' : 'drawing-pad'}>
      <canvas
        ref={canvas}
        width={CANVAS_SIZE}
        height={CANVAS_SIZE}
        className="drawing"
        role="img"
        aria-label={label}
        onPointerDown={(event) => {
          // One pen at a time: the primary pointer's main button (left mouse, pen tip, first finger).
          if (!event.isPrimary || event.button !== 0) return;
          event.currentTarget.setPointerCapture?.(event.pointerId);
          current.current = startStroke(tool, brush, point(event));
          repaint();
        }}
        onPointerMove={(event) => {
          if (!event.isPrimary || !current.current) return;
          current.current = extendStroke(current.current, point(event));
          repaint();
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            const context = canvas.current;
            if (context && current.current) canvasToPng(context).then(onDrawing, () => undefined);
          }, MOVE_DEBOUNCE_MS);
        }}
        onPointerUp={finish}
        onPointerCancel={finish}
      />
      <div className="toolbar" role="toolbar" aria-label="Drawing tools">
        <button type="button" aria-pressed={tool === 'pen'} onClick={() => setTool('pen')}>
          Pen
        </button>
        <button type="button" aria-pressed={tool === 'eraser'} onClick={() => setTool('eraser')}>
          Eraser
        </button>
        <label className="brush">
          Brush size
          <input type="range" min={4} max={40} step={1} value={brush} onChange={(e) => setBrush(Number(e.target.value))} />
        </label>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </div>
  );
}
