/** The drawing as data: strokes are point lists with a tool and a width; a rasteriser paints them on a 2D context. */

export const CANVAS_SIZE = 280;
export const INK = '#111111';
export const PAPER = '#ffffff';

export type Tool = 'pen' | 'eraser';

export interface Point {
  x: number;
  y: number;
}

export interface Stroke {
  tool: Tool;
  width: number;
  points: Point[];
  /** The pen's ink (a CSS colour); INK when not given. The eraser always paints paper. */
  colour?: string;
}

/** The part of CanvasRenderingContext2D the rasteriser uses (so tests can pass a recorder). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineCap'
  | 'lineJoin'
  | 'fillRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'arc'
  | 'fill'
>;

/** A new stroke starting at `point`, in `colour` for the pen. */
export function startStroke(tool: Tool, width: number, point: Point, colour: string = INK): Stroke {
  return { tool, width, points: [point], ...(tool === 'pen' && colour !== INK ? { colour } : {}) };
}

/** The stroke with one more point (a new object; the old one is left as it was). */
export function extendStroke(stroke: Stroke, point: Point): Stroke {
  return { ...stroke, points: [...stroke.points, point] };
}

/** Maps a pointer position on the page to the canvas's own coordinates (it may be shown scaled). */
export function toCanvasPoint(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  const clamp = (v: number) => Math.min(CANVAS_SIZE, Math.max(0, v));
  return {
    x: clamp(((clientX - box.left) * CANVAS_SIZE) / (box.width || CANVAS_SIZE)),
    y: clamp(((clientY - box.top) * CANVAS_SIZE) / (box.height || CANVAS_SIZE)),
  };
}

/** The point moved by (dx, dy), kept on the canvas (the keyboard's pen). */
export function movePoint(point: Point, dx: number, dy: number): Point {
  const clamp = (v: number) => Math.min(CANVAS_SIZE, Math.max(0, v));
  return { x: clamp(point.x + dx), y: clamp(point.y + dy) };
}

/** Paints one stroke: round caps and joins, the pen's ink, paper for the eraser; a single point is a dot. */
export function paintStroke(context: PaintContext, stroke: Stroke): void {
  const colour = stroke.tool === 'pen' ? (stroke.colour ?? INK) : PAPER;
  const [first, ...rest] = stroke.points;
  if (!first) return;
  if (rest.length === 0) {
    context.fillStyle = colour;
    context.beginPath();
    context.arc(first.x, first.y, stroke.width / 2, 0, Math.PI * 2);
    context.fill();
    return;
  }
  context.strokeStyle = colour;
  context.lineWidth = stroke.width;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  context.moveTo(first.x, first.y);
  for (const point of rest) context.lineTo(point.x, point.y);
  context.stroke();
}

/** Paints the whole drawing from scratch: white paper, then every stroke in order. */
export function rasterise(context: PaintContext, strokes: readonly Stroke[], size = CANVAS_SIZE): void {
  context.fillStyle = PAPER;
  context.fillRect(0, 0, size, size);
  for (const stroke of strokes) paintStroke(context, stroke);
}

/** True when some pen stroke is left (an eraser-only drawing is blank). */
export function hasInk(strokes: readonly Stroke[]): boolean {
  return strokes.some((stroke) => stroke.tool === 'pen' && stroke.points.length > 0);
}
