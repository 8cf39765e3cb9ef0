/** The stroke model and rasteriser without a browser: what they paint, in which order, with which pen. */
import { describe, expect, it } from 'vitest';
import {
  CANVAS_SIZE,
  INK,
  PAPER,
  extendStroke,
  hasInk,
  rasterise,
  startStroke,
  toCanvasPoint,
  type PaintContext,
} from '../../renderer/src/drawing/strokes.ts';
import { formatBytes, formatShape } from '../../renderer/src/ui/format.ts';
import { sampleShape, zerosJson, zerosOf } from '../../renderer/src/ui/zeros.ts';

/** A 2D context that records what is painted. */
function recorder(): PaintContext & { calls: string[] } {
  const calls: string[] = [];
  const context = {
    calls,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    fillRect: (x: number, y: number, w: number, h: number) => calls.push(`fillRect ${x} ${y} ${w} ${h} ${context.fillStyle}`),
    beginPath: () => calls.push('beginPath'),
    moveTo: (x: number, y: number) => calls.push(`moveTo ${x} ${y}`),
    lineTo: (x: number, y: number) => calls.push(`lineTo ${x} ${y}`),
    stroke: () => calls.push(`stroke ${context.strokeStyle} ${context.lineWidth} ${context.lineCap}`),
    arc: (x: number, y: number, r: number) => calls.push(`arc ${x} ${y} ${r}`),
    fill: () => calls.push(`fill ${context.fillStyle}`),
  };
  return context as unknown as PaintContext & { calls: string[] };
}

describe('stroke model', () => {
  it('extends a stroke without changing the old one', () => {
    const first = startStroke('pen', 18, { x: 1, y: 2 });
    const longer = extendStroke(first, { x: 3, y: 4 });
    expect(first.points).toHaveLength(1);
    expect(longer.points).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
  });

  it('maps page coordinates of a canvas shown at half size to its 280x280 pixels, clamped', () => {
    const box = { left: 100, top: 50, width: 140, height: 140 };
    expect(toCanvasPoint(170, 120, box)).toEqual({ x: 140, y: 140 });
    expect(toCanvasPoint(0, 1000, box)).toEqual({ x: 0, y: CANVAS_SIZE });
  });

  it('counts only pen strokes as ink', () => {
    expect(hasInk([])).toBe(false);
    expect(hasInk([startStroke('eraser', 10, { x: 0, y: 0 })])).toBe(false);
    expect(hasInk([startStroke('pen', 10, { x: 0, y: 0 })])).toBe(true);
  });
});

describe('rasteriser', () => {
  it('paints white paper, then pen strokes in ink with round caps, then eraser strokes in paper colour', () => {
    const context = recorder();
    const pen = extendStroke(startStroke('pen', 18, { x: 10, y: 10 }), { x: 200, y: 10 });
    const eraser = extendStroke(startStroke('eraser', 30, { x: 100, y: 0 }), { x: 100, y: 50 });
    rasterise(context, [pen, eraser]);
    expect(context.calls).toEqual([
      `fillRect 0 0 280 280 ${PAPER}`,
      'beginPath',
      'moveTo 10 10',
      'lineTo 200 10',
      `stroke ${INK} 18 round`,
      'beginPath',
      'moveTo 100 0',
      'lineTo 100 50',
      `stroke ${PAPER} 30 round`,
    ]);
  });

  it('paints a single tap as a dot of the brush size', () => {
    const context = recorder();
    rasterise(context, [startStroke('pen', 20, { x: 50, y: 60 })]);
    expect(context.calls.slice(1)).toEqual(['beginPath', 'arc 50 60 10', `fill ${INK}`]);
  });
});

describe('formatting helpers', () => {
  it('prints dynamic axes as -1 with their symbolic name', () => {
    expect(formatShape({ shape: [-1, 1, 28, 28], dim_names: ['batch', null, null, null] })).toBe('[-1 (batch), 1, 28, 28]');
    expect(formatShape({ shape: [-1, 10] })).toBe('[-1, 10]');
  });

  it('prints sizes humanly', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('shapes a sample instance of zeros without the batch axis', () => {
    expect(sampleShape([-1, 2, 3])).toEqual([2, 3]);
    expect(zerosJson([-1, 2, 3])).toBe('[\n  [0, 0, 0],\n  [0, 0, 0]\n]');
    expect(zerosJson([-1, 4])).toBe('[0, 0, 0, 0]');
    expect(zerosOf([2, 3])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});
