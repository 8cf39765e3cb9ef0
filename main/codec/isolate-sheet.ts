/**
 * A photo of a drawing often shows the table around the sheet of paper. Once inverted, that dark
 * surround would become bright "ink" framing the picture. This finds the sheet (the largest bright,
 * solid region, with the ink inside it) and paints everything outside it with the paper's own level.
 */
import type { RawImage } from './decode.ts';
import { histogramOf, otsuThreshold } from './otsu.ts';

/** Smaller pictures are not photos of a sheet (an MNIST digit is 28x28). */
const MIN_PHOTO_SIDE = 64;
/** The mask is found on a copy at most this many pixels on its longer side. */
const WORK_SIZE = 256;
/** Dark lines and strokes up to twice this many cells wide do not split the sheet. */
const BRIDGE_CELLS = 3;
/** Cells of the sheet's rim painted too, where the paper's edge blurs into the table. */
const RIM_CELLS = 2;

/** What the largest bright region must be to count as the sheet; each test turns away one look-alike. */
const SHEET = {
  /** It covers at least this share of the picture (a digit's strokes never do)... */
  minArea: 0.3,
  /** ...fills this share of its bounding box (a sheet is a quadrilateral, turned a little at most)... */
  minBoxFill: 0.6,
  /** ...is solid (its bright pixels this share of its outline's area: not a bright digit's strokes)... */
  minSolidity: 0.85,
  /** ...holds a drawing (dark cells inside: a bright stroke on black has none)... */
  minInkInside: 0.001,
  /** ...and leaves this share of the picture's edge outside it (else there is no surround to clear). */
  minEdgeOutside: 0.2,
} as const;

interface Grid {
  width: number;
  height: number;
  /** Picture pixels per grid cell along each axis. */
  scale: number;
  data: Uint8Array;
}

/** The grid's size, and the picture's pixel that grid cell (x, y) samples. */
function gridOf(image: RawImage): { width: number; height: number; scale: number; pixel: (x: number, y: number) => number } {
  const scale = Math.max(1, Math.ceil(Math.max(image.width, image.height) / WORK_SIZE));
  return {
    width: Math.ceil(image.width / scale),
    height: Math.ceil(image.height / scale),
    scale,
    pixel: (x, y) => image.data[Math.min(image.height - 1, y * scale) * image.width + Math.min(image.width - 1, x * scale)]!,
  };
}

function shrink(image: RawImage): Grid {
  const { width, height, scale, pixel } = gridOf(image);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = pixel(x, y);
  }
  return { width, height, scale, data };
}

/**
 * Whether every edge cell of the grid is full white. Otsu's threshold always lies below the brightest
 * level present, so then no edge cell is dark and there is no surround to clear: a canvas drawing's
 * white ground answers here, before the grid is made.
 */
function whiteEdged(image: RawImage): boolean {
  const { width, height, pixel } = gridOf(image);
  for (let x = 0; x < width; x++) if (pixel(x, 0) !== 255 || pixel(x, height - 1) !== 255) return false;
  for (let y = 1; y < height - 1; y++) if (pixel(0, y) !== 255 || pixel(width - 1, y) !== 255) return false;
  return true;
}

/** Labels the 4-connected region of `start` where `inside` holds; returns its cells. */
function flood(grid: Grid, start: number, inside: (i: number) => boolean, seen: Uint8Array): number[] {
  const { width } = grid;
  const length = grid.data.length;
  const cells: number[] = [];
  const stack = [start];
  seen[start] = 1;
  const visit = (n: number): void => {
    if (seen[n] || !inside(n)) return;
    seen[n] = 1;
    stack.push(n);
  };
  while (stack.length > 0) {
    const i = stack.pop()!;
    cells.push(i);
    const x = i % width;
    if (x > 0) visit(i - 1);
    if (x < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i + width < length) visit(i + width);
  }
  return cells;
}

/** The mask grown (`grow`) or shrunk by `cells` in every direction: one pass along rows, one along columns. */
function morph(grid: Grid, mask: Uint8Array, cells: number, grow: boolean): Uint8Array {
  const { width, height } = grid;
  const wanted = grow ? 1 : 0;
  const pass = (source: Uint8Array, stride: number, length: number, lines: number, lineStride: number): Uint8Array => {
    const out = new Uint8Array(source.length);
    for (let line = 0; line < lines; line++) {
      const base = line * lineStride;
      // How many cells of the window around `at` (clipped to the line) are `wanted`, slid one cell at a time.
      let count = 0;
      for (let d = 0; d <= Math.min(length - 1, cells); d++) if (source[base + d * stride] === wanted) count++;
      for (let at = 0; at < length; at++) {
        if (at > 0) {
          if (at + cells <= length - 1 && source[base + (at + cells) * stride] === wanted) count++;
          if (at - cells - 1 >= 0 && source[base + (at - cells - 1) * stride] === wanted) count--;
        }
        // Beyond the frame counts as dark: a thin strip of table along the edge is not bridged over.
        const clipped = at - cells < 0 || at + cells > length - 1;
        out[base + at * stride] = !grow && clipped ? 0 : count > 0 ? wanted : 1 - wanted;
      }
    }
    return out;
  };
  return pass(pass(mask, 1, width, height, width), width, height, width, 1);
}

/** The largest bright region, with thin dark lines and strokes across it bridged, as a mask over the grid. */
function largestBright(grid: Grid, threshold: number): Uint8Array {
  const bright = new Uint8Array(grid.data.length);
  for (let i = 0; i < bright.length; i++) bright[i] = grid.data[i]! > threshold ? 1 : 0;
  const closed = morph(grid, morph(grid, bright, BRIDGE_CELLS, true), BRIDGE_CELLS, false);
  const seen = new Uint8Array(grid.data.length);
  let best: number[] = [];
  for (let i = 0; i < grid.data.length; i++) {
    if (seen[i] || !closed[i]) continue;
    const region = flood(grid, i, (n) => closed[n] === 1, seen);
    if (region.length > best.length) best = region;
  }
  const mask = new Uint8Array(grid.data.length);
  for (const i of best) mask[i] = 1;
  return mask;
}

/** Cells outside the sheet: reachable from the grid's edge without crossing the sheet. */
function outsideOf(grid: Grid, sheet: Uint8Array): Uint8Array {
  const seen = new Uint8Array(sheet.length);
  const outside = new Uint8Array(sheet.length);
  for (const i of edgeCells(grid)) {
    if (sheet[i] || seen[i]) continue;
    for (const cell of flood(grid, i, (n) => !sheet[n], seen)) outside[cell] = 1;
  }
  return outside;
}

/** The cells along the grid's edge, each once. */
function edgeCells(grid: Grid): number[] {
  const { width, height } = grid;
  const cells: number[] = [];
  for (let x = 0; x < width; x++) {
    cells.push(x);
    if (height > 1) cells.push((height - 1) * width + x);
  }
  for (let y = 1; y < height - 1; y++) {
    cells.push(y * width);
    if (width > 1) cells.push(y * width + width - 1);
  }
  return cells;
}

/** The share of the grid's edge cells for which `on(cell)` holds. */
function edgeShare(grid: Grid, on: (i: number) => boolean): number {
  const cells = edgeCells(grid);
  return cells.length === 0 ? 0 : cells.filter(on).length / cells.length;
}

/** Cheap necessary conditions: a dark edge to clear, and enough bright pixels to be a sheet. */
function worthLooking(grid: Grid, threshold: number): boolean {
  if (edgeShare(grid, (i) => grid.data[i]! <= threshold) < SHEET.minEdgeOutside) return false;
  let bright = 0;
  for (let i = 0; i < grid.data.length; i++) if (grid.data[i]! > threshold) bright++;
  return bright >= grid.data.length * SHEET.minArea * SHEET.minSolidity;
}

/** The middle of byte `values` (the upper one of an even count), counted rather than sorted. */
function median(values: number[]): number {
  const counts = new Uint32Array(256);
  for (const value of values) counts[value]!++;
  const middle = Math.floor(values.length / 2);
  for (let level = 0, seen = 0; level < 256; level++) if ((seen += counts[level]!) > middle) return level;
  return 255;
}

/**
 * The picture with everything around the sheet of paper painted the paper's level; unchanged when
 * there is no such sheet (a canvas drawing, a scan, a photo filled by the paper).
 * @example isolateSheet(photoOfPaperOnATable)
 */
export function isolateSheet(image: RawImage): RawImage {
  if (image.channels !== 1 || Math.min(image.width, image.height) < MIN_PHOTO_SIDE || whiteEdged(image)) return image;
  const grid = shrink(image);
  const threshold = otsuThreshold(histogramOf(grid.data), grid.data.length);
  if (!worthLooking(grid, threshold)) return image;
  const sheet = largestBright(grid, threshold);
  const outside = outsideOf(grid, sheet);
  const cells = grid.data.length;
  const paperLevels: number[] = [];
  let outline = 0;
  const box = { x0: grid.width, y0: grid.height, x1: -1, y1: -1 };
  for (let y = 0, i = 0; y < grid.height; y++)
    for (let x = 0; x < grid.width; x++, i++) {
      if (outside[i]) continue;
      outline++;
      if (grid.data[i]! > threshold) paperLevels.push(grid.data[i]!);
      if (x < box.x0) box.x0 = x;
      if (x > box.x1) box.x1 = x;
      if (y < box.y0) box.y0 = y;
      if (y > box.y1) box.y1 = y;
    }
  const boxArea = Math.max(1, (box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1));
  const isSheet =
    outline >= cells * SHEET.minArea &&
    outline >= boxArea * SHEET.minBoxFill &&
    paperLevels.length >= outline * SHEET.minSolidity &&
    outline - paperLevels.length >= outline * SHEET.minInkInside &&
    edgeShare(grid, (i) => outside[i] === 1) >= SHEET.minEdgeOutside;
  if (!isSheet) return image;
  const paper = median(paperLevels);
  const cleared = morph(grid, outside, RIM_CELLS, true);
  const data = Uint8Array.from(image.data);
  const cellOfColumn = Int32Array.from({ length: image.width }, (_, x) => Math.min(grid.width - 1, Math.floor(x / grid.scale)));
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(grid.height - 1, Math.floor(y / grid.scale)) * grid.width;
    const start = y * image.width;
    for (let x = 0; x < image.width; x++) if (cleared[row + cellOfColumn[x]!]) data[start + x] = paper;
  }
  return { ...image, data };
}
