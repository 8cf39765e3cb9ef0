/**
 * Removes the straight lines of ruled or squared paper (and a margin line) from a light-on-dark
 * drawing: an MNIST model has never seen them, and they would also stretch the ink's bounding box
 * to the whole sheet. A line here crosses nearly the whole picture, is thin, and may be tilted a
 * few degrees (a photo); strokes of the digit that cross it are kept.
 */
import { byteWords } from './byte-words.ts';
import type { RawImage } from './decode.ts';
import { inkBounds } from './ink-bounds.ts';

/** Tilts tried, in degrees either way from horizontal (or vertical). */
const MAX_TILT_DEGREES = 3;
const TILT_STEP_DEGREES = 0.5;
/** Share of the picture's width a line's ink must cover: nearly edge to edge, which a digit's bar is not. */
const MIN_COVERAGE = 0.9;
/** A line must run inside the picture for at least this share of its width (one clipped by a corner is too short to tell). */
const MIN_INSIDE = 0.5;
/** Once whole lines are found, a line clipped by a corner at their tilt needs only this share inside. */
const MIN_CLIPPED = 0.05;
/** Thickest line, as a share of the picture's height (at least 2 pixels). */
const MAX_THICKNESS = 0.025;
/** Around a line, offsets covered at least this much still count towards its thickness. */
const MAX_BESIDE = 0.5;
/** Pixels either side of a removed line that count as near it. */
const CLEARANCE = 3;
/** Ink pixels away from any line, as a share of the picture (at least 10), below which the lines were the drawing. */
const MIN_INK_AWAY = 0.0001;
/** Columns sampled when measuring coverage, at most. */
const SAMPLED_COLUMNS = 400;
/**
 * Above this share of the brightest ink a pixel belongs to a line (printed lines are faint, and the
 * ground is already cleared to 0); above INK_LEVEL it is the pen's, so a stroke crossing a line is kept.
 */
const LINE_LEVEL = 0.05;
const INK_LEVEL = 0.25;

interface Levels {
  line: number;
  ink: number;
}

interface Lines {
  slope: number;
  /** First and last offset (at the picture's middle column) of each line. */
  bands: [number, number][];
}

/** The columns sampled across a picture `width` wide: every `step`-th, `samples` in all. */
function sampling(width: number): { step: number; samples: number } {
  const step = Math.max(1, Math.ceil(width / SAMPLED_COLUMNS));
  return { step, samples: Math.ceil(width / step) };
}

/** The thickest line in a picture `height` tall, in pixels. */
function maxThicknessFor(height: number): number {
  return Math.max(2, Math.round(height * MAX_THICKNESS));
}

/** How far a line at the steepest tilt tried climbs over `run` pixels. */
function riseOver(run: number): number {
  return Math.ceil(run * Math.tan((MAX_TILT_DEGREES * Math.PI) / 180));
}

function brightest(data: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < data.length && max < 255; i++) if (data[i]! > max) max = data[i]!;
  return max;
}

/**
 * Runs of offsets whose line is covered nearly edge to edge (within the picture) and that are
 * lines: thin, and thin still when measured at a lower coverage (a thick bar seen at a slant gives
 * a thin fully covered run, but a wide partly covered one around it).
 */
function bandsOf(ink: Uint32Array, inside: Uint32Array, minInside: number, maxThickness: number): [number, number][] {
  const share = (k: number) => (k >= 0 && k < ink.length && inside[k]! > 0 ? ink[k]! / inside[k]! : 0);
  const covered = (k: number) => k >= 0 && k < ink.length && inside[k]! >= minInside && share(k) >= MIN_COVERAGE;
  const bands: [number, number][] = [];
  let start = -1;
  for (let k = 0; k <= ink.length; k++) {
    if (covered(k)) {
      if (start < 0) start = k;
      continue;
    }
    if (start < 0) continue;
    const end = k - 1;
    let low = start;
    let high = end;
    while (share(low - 1) >= MAX_BESIDE) low--;
    while (share(high + 1) >= MAX_BESIDE) high++;
    if (high - low + 1 <= maxThickness + 2) bands.push([start, end]);
    start = -1;
  }
  return bands;
}

/** The rows of each sampled column whose pixel is above `threshold`, one column after another: the same for every tilt. */
function inkRowsByColumn(image: RawImage, threshold: number, step: number, samples: number): { starts: Uint32Array; rows: Uint32Array } {
  const { width, height, data } = image;
  const starts = new Uint32Array(samples + 1);
  let count = 0;
  for (let i = 0, x = 0; x < width; i++, x += step) {
    starts[i] = count;
    for (let y = 0; y < height; y++) if (data[y * width + x]! > threshold) count++;
  }
  starts[samples] = count;
  const rows = new Uint32Array(count);
  for (let x = 0, at = 0; x < width; x += step) for (let y = 0; y < height; y++) if (data[y * width + x]! > threshold) rows[at++] = y;
  return { starts, rows };
}

/**
 * The near-horizontal lines of `image` at the tilt where most of them line up. The line at offset k
 * meets column x at row k - rise + round(slope * (x - middle)); so per tilt each column adds its ink
 * rows shifted by one amount, and its whole height to `inside`, instead of every offset visiting it.
 */
function findLines(image: RawImage, threshold: number): Lines {
  const { width, height } = image;
  const { step, samples } = sampling(width);
  const maxThickness = maxThicknessFor(height);
  const middle = width / 2;
  // Offsets beyond the picture too: a tilted line may enter through the top or bottom edge.
  const rise = riseOver(middle);
  const offsets = height + 2 * rise;
  const { starts, rows } = inkRowsByColumn(image, threshold, step, samples);
  let best: Lines = { slope: 0, bands: [] };
  let bestRows = 0;
  for (let degrees = -MAX_TILT_DEGREES; degrees <= MAX_TILT_DEGREES + 1e-9; degrees += TILT_STEP_DEGREES) {
    const slope = Math.tan((degrees * Math.PI) / 180);
    const ink = new Uint32Array(offsets);
    // Where each column's run of offsets starts and ends, summed into `inside` below.
    const edges = new Int32Array(offsets + 1);
    for (let i = 0, x = 0; x < width; i++, x += step) {
      const shift = rise - Math.round(slope * (x - middle));
      edges[shift]!++;
      edges[shift + height]!--;
      for (let j = starts[i]!; j < starts[i + 1]!; j++) ink[rows[j]! + shift]!++;
    }
    const inside = new Uint32Array(offsets);
    for (let k = 0, running = 0; k < offsets; k++) inside[k] = running += edges[k]!;
    const rowsCovered = bandsOf(ink, inside, samples * MIN_INSIDE, maxThickness).reduce((n, [a, b]) => n + b - a + 1, 0);
    if (rowsCovered > bestRows) {
      // On ruled paper, lines clipped by a corner at the same tilt go too.
      const bands = bandsOf(ink, inside, samples * MIN_CLIPPED, maxThickness);
      best = { slope, bands: bands.map(([a, b]): [number, number] => [a - rise, b - rise]) };
      bestRows = rowsCovered;
    }
  }
  return best;
}

/**
 * Clears each line, one pixel of antialiasing either side; where ink continues on both sides, a
 * stroke crosses and is bridged instead. Marks the lines' surroundings in `zone`.
 */
function clearLines(image: RawImage, lines: Lines, threshold: number, zone: Uint8Array): RawImage {
  const { width, height } = image;
  const data = Uint8Array.from(image.data);
  const at = (x: number, y: number): number => (y >= 0 && y < height ? image.data[y * width + x]! : 0);
  for (const [first, last] of lines.bands) {
    for (let x = 0; x < width; x++) {
      const offset = lines.slope * (x - width / 2);
      const top = Math.round(first + offset) - 1;
      const bottom = Math.round(last + offset) + 1;
      const above = at(x, top - 1);
      const below = at(x, bottom + 1);
      const bridge = above > threshold && below > threshold ? Math.round((above + below) / 2) : 0;
      for (let y = Math.max(0, top); y <= Math.min(height - 1, bottom); y++) data[y * width + x] = bridge;
      for (let y = Math.max(0, top - CLEARANCE); y <= Math.min(height - 1, bottom + CLEARANCE); y++) zone[y * width + x] = 1;
    }
  }
  return { ...image, data };
}

function transposeBytes(data: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[x * height + y] = data[y * width + x]!;
  return out;
}

function transpose(image: RawImage): RawImage {
  return { ...image, width: image.height, height: image.width, data: transposeBytes(image.data, image.width, image.height) };
}

/** Whether ink reaches across nearly all columns or nearly all rows, as any line must (one cheap pass). */
function spansSheet(image: RawImage, threshold: number): boolean {
  const { width, height, data } = image;
  // No more columns or rows have ink than the ink's box spans: a drawing's box settles it without the pass.
  const box = inkBounds(image, threshold);
  if (!box || (box.width < width * MIN_COVERAGE && box.height < height * MIN_COVERAGE)) return false;
  const columns = new Uint8Array(width);
  const rows = new Uint8Array(height);
  const mark = (i: number): void => {
    if (data[i]! <= threshold) return;
    const y = (i / width) | 0;
    columns[i - y * width] = 1;
    rows[y] = 1;
  };
  // The ground is 0, never above the threshold: its words are skipped whole.
  const { head, words, tail } = byteWords(data);
  for (let i = 0; i < head; i++) mark(i);
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    const i = head + w * 4;
    mark(i);
    mark(i + 1);
    mark(i + 2);
    mark(i + 3);
  }
  for (let i = tail; i < data.length; i++) mark(i);
  const count = (flags: Uint8Array) => flags.reduce((n, f) => n + f, 0);
  return count(columns) >= width * MIN_COVERAGE || count(rows) >= height * MIN_COVERAGE;
}

/**
 * Whether some strip of rows, as tall as the steepest tilt tried makes a line, has ink in nearly
 * every column: a quick test that spares the tilt search for drawings (which never span the sheet).
 */
function mayHaveLines(image: RawImage, threshold: number): boolean {
  const { width, height, data } = image;
  const { step, samples } = sampling(width);
  const rise = riseOver(width) + maxThicknessFor(height);
  const nextInk = new Int32Array(samples).fill(2 ** 30);
  for (let y = height - 1; y >= 0; y--) {
    let covered = 0;
    for (let i = 0, x = 0; x < width; i++, x += step) {
      if (data[y * width + x]! > threshold) nextInk[i] = y;
      if (nextInk[i]! - y < rise) covered++;
    }
    if (covered >= samples * MIN_COVERAGE) return true;
  }
  return false;
}

function withoutHorizontalLines(image: RawImage, levels: Levels, zone: Uint8Array): RawImage {
  const lines = findLines(image, levels.line);
  return lines.bands.length === 0 ? image : clearLines(image, lines, levels.ink, zone);
}

/**
 * The drawing without ruled, squared or margin lines; for a one-channel light-on-dark image with a
 * cleared (black) ground. When no ink is left away from the lines, they were the drawing, and the
 * picture is returned unchanged.
 * @example removeRuledLines(clearGround(invertImage(photoOfRuledPaper)))
 */
export function removeRuledLines(image: RawImage): RawImage {
  const max = brightest(image.data);
  if (max === 0) return image;
  const levels = { line: max * LINE_LEVEL, ink: max * INK_LEVEL };
  const { width, height } = image;
  if (!spansSheet(image, levels.line)) return image;
  // Rows first, then columns on the transposed picture; `near` marks the surroundings of removed lines.
  const near = new Uint8Array(image.data.length);
  let result = mayHaveLines(image, levels.line) ? withoutHorizontalLines(image, levels, near) : image;
  const turned = transpose(result);
  if (mayHaveLines(turned, levels.line)) {
    const nearTurned = transposeBytes(near, width, height);
    const cleaned = withoutHorizontalLines(turned, levels, nearTurned);
    if (cleaned !== turned) {
      result = transpose(cleaned);
      near.set(transposeBytes(nearTurned, height, width));
    }
  }
  if (result === image) return image;
  // The drawing must have ink away from the lines; else the "line" was the drawing (a tall 1).
  let away = 0;
  for (let i = 0; i < near.length; i++) if (near[i] === 0 && result.data[i]! > levels.ink) away++;
  return away < Math.max(10, image.data.length * MIN_INK_AWAY) ? image : result;
}
