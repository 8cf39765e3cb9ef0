/**
 * A canvas to draw on with mouse, pen, finger or keyboard, with pen/eraser, pen colour, brush size and
 * Clear; it hands out the drawing as PNG.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { canvasToPng } from './canvas-png.ts';
import {
  CANVAS_SIZE,
  extendStroke,
  INK,
  hasInk,
  movePoint,
  rasterise,
  startStroke,
  toCanvasPoint,
  type Point,
  type Stroke,
  type Tool,
} from './strokes.ts';

const MOVE_DEBOUNCE_MS = 250;
/** Canvas pixels an arrow key moves the keyboard's pen, and with Shift. */
const KEY_STEP = 7;
const KEY_STEP_LARGE = 28;
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export interface DrawingPadProps {
  /** Called with the drawing as PNG: ~250 ms after the pen moves, and at once when it lifts. */
  onDrawing: (png: Blob) => void;
  /** Called when the drawing is cleared. */
  onClear?: () => void;
  /** The canvas's accessible name ("drawing" by default; its role description says it is a drawing area). */
  label?: string;
  /** Shown smaller (the wizard's preview). */
  compact?: boolean;
}

export function DrawingPad({ onDrawing, onClear, label = 'drawing', compact = false }: DrawingPadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const current = useRef<Stroke | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [tool, setTool] = useState<Tool>('pen');
  const [brush, setBrush] = useState(18);
  // A colour model sees the ink's colour: the pen draws in the one chosen (black reads as ink for a gray model).
  const [colour, setColour] = useState(INK);
  const [cursor, setCursor] = useState<Point>({ x: CANVAS_SIZE / 2, y: CANVAS_SIZE / 2 });
  const [penDown, setPenDown] = useState(false);
  const hintId = useId();

  const repaint = () => {
    const context = canvas.current?.getContext('2d');
    if (context) rasterise(context, current.current ? [...strokes.current, current.current] : strokes.current);
  };

  useEffect(() => {
    repaint();
    return () => clearTimeout(timer.current);
  }, []);

  // Bumped by Clear: a PNG still being encoded when Clear is pressed must not bring the drawing back.
  const generation = useRef(0);
  const send = (from: HTMLCanvasElement) => {
    const at = generation.current;
    canvasToPng(from).then(
      (png) => {
        if (generation.current === at) onDrawing(png);
      },
      () => undefined,
    );
  };

  const emit = () => {
    clearTimeout(timer.current);
    if (canvas.current && hasInk(strokes.current)) send(canvas.current);
  };

  const point = (event: React.PointerEvent<HTMLCanvasElement>) =>
    toCanvasPoint(event.clientX, event.clientY, event.currentTarget.getBoundingClientRect());

  const finish = () => {
    setPenDown(false);
    if (!current.current) return;
    strokes.current = [...strokes.current, current.current];
    current.current = null;
    emit();
  };

  /** The stroke goes on to `to`; the PNG follows once the pen rests. */
  const extendTo = (to: Point) => {
    if (!current.current) return;
    current.current = extendStroke(current.current, to);
    repaint();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const context = canvas.current;
      if (context && current.current) send(context);
    }, MOVE_DEBOUNCE_MS);
  };

  // The keyboard's pen: arrows move it (Shift for larger steps), Space or Enter puts it down or lifts it.
  const onKey = (event: React.KeyboardEvent<HTMLCanvasElement>) => {
    const arrow = ARROWS[event.key];
    if (arrow) {
      event.preventDefault();
      const step = event.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
      const to = movePoint(cursor, arrow[0] * step, arrow[1] * step);
      setCursor(to);
      extendTo(to);
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (current.current) finish();
      else {
        current.current = startStroke(tool, brush, cursor, colour);
        setPenDown(true);
        repaint();
      }
    } else if (event.key === 'Escape' && current.current) {
      event.preventDefault();
      finish();
    }
  };

  const clear = () => {
    clearTimeout(timer.current);
    generation.current += 1;
    strokes.current = [];
    current.current = null;
    setPenDown(false);
    repaint();
    onClear?.();
  };

  return (
    <div className={compact ? 'drawing-pad compact' : 'drawing-pad'}>
      <div className="canvas-frame">
        <canvas
          ref={canvas}
          width={CANVAS_SIZE}
          height={CANVAS_SIZE}
          className="drawing"
          role="application"
          aria-roledescription="drawing area"
          aria-label={label}
          aria-describedby={hintId}
          tabIndex={0}
          onPointerDown={(event) => {
            // One pen at a time: the primary pointer's main button (left mouse, pen tip, first finger).
            if (!event.isPrimary || event.button !== 0) return;
            event.currentTarget.setPointerCapture?.(event.pointerId);
            current.current = startStroke(tool, brush, point(event), colour);
            repaint();
          }}
          onPointerMove={(event) => {
            if (!event.isPrimary || !current.current) return;
            extendTo(point(event));
          }}
          onPointerUp={finish}
          onPointerCancel={finish}
          onKeyDown={onKey}
          onBlur={finish}
        />
        <div
          className={penDown ? 'key-cursor down' : 'key-cursor'}
          aria-hidden="true"
          style={{ left: `${(cursor.x / CANVAS_SIZE) * 100}%`, top: `${(cursor.y / CANVAS_SIZE) * 100}%` }}
        />
      </div>
      <div className="toolbar" role="toolbar" aria-label="Drawing tools">
        <button type="button" aria-pressed={tool === 'pen'} onClick={() => setTool('pen')}>
          Pen
        </button>
        <button type="button" aria-pressed={tool === 'eraser'} onClick={() => setTool('eraser')}>
          Eraser
        </button>
        <label className="brush">
          Pen colour
          <input type="color" value={colour} onChange={(e) => setColour(e.target.value)} />
        </label>
        <label className="brush">
          Brush size
          <input type="range" min={4} max={40} step={1} value={brush} onChange={(e) => setBrush(Number(e.target.value))} />
        </label>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
      <p id={hintId} className="hint">
        Keyboard: arrow keys move the pen (Shift for larger steps); Space or Enter puts it down or lifts it, and lifting it sends the
        drawing.
      </p>
    </div>
  );
}
