/** Held-out digits drawn the ways pictures reach the codec: enlarged, on ruled paper, on a sheet photographed on a table. */
import sharp from 'sharp';
import { encodeRaw } from './images.ts';
import type { Digit } from './mnist-heldout.ts';

/** 0..255 white-on-black bytes of a held-out digit. */
export function inkOf(digit: Digit): Uint8Array {
  return Uint8Array.from(digit.pixels, (v) => Math.round(v * 255));
}

/** The digit enlarged to `size` with sharp's cubic kernel, one grey channel, white on black. */
export function enlargedInk(digit: Digit, size: number): Promise<Buffer> {
  return sharp(inkOf(digit), { raw: { width: 28, height: 28, channels: 1 } })
    .resize(size, size, { kernel: 'cubic' })
    .extractChannel(0)
    .raw()
    .toBuffer();
}

/** An SVG rendered to one grey channel. */
async function greyOf(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).extractChannel(0).raw().toBuffer();
}

/** A copy of a grey `page` (`pageWidth` wide) with the digit's ink, enlarged to `size`, multiplied onto it at (left, top). */
export async function writeOn(page: Buffer, pageWidth: number, digit: Digit, size: number, left: number, top: number): Promise<Uint8Array> {
  const ink = await enlargedInk(digit, size);
  const out = Uint8Array.from(page);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = (y + top) * pageWidth + x + left;
      out[at] = Math.round((out[at]! * (255 - ink[y * size + x]!)) / 255);
    }
  return out;
}

/** Dark ruled lines every 34 px and a margin line, the 280x280 sheet turned 2 degrees. */
const RULED_PAPER = `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280"><rect width="280" height="280" fill="#f4f2ec"/><g transform="rotate(2 140 140)">${Array.from(
  { length: 15 },
  (_, i) => `<line x1="-100" y1="${-100 + i * 34}" x2="400" y2="${-100 + i * 34}" stroke="#3a4560" stroke-width="3"/>`,
).join('')}<line x1="30" y1="-100" x2="30" y2="400" stroke="#a03030" stroke-width="3"/></g></svg>`;
/** A 400x400 photo: dark table, a light sheet turned 6 degrees covering about half the frame. */
const DARK_TABLE = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#352818"/><g transform="rotate(6 200 200)"><rect x="60" y="50" width="300" height="290" fill="#e8e6df"/></g></svg>`;

export interface Pages {
  ruled: Buffer;
  table: Buffer;
}

/** The two pages, rendered once per test file. */
export async function paperPages(): Promise<Pages> {
  return { ruled: await greyOf(RULED_PAPER), table: await greyOf(DARK_TABLE) };
}

/** The digit written across the ruled sheet, as a PNG. */
export async function onRuledPaper(digit: Digit, pages: Pages): Promise<Buffer> {
  return encodeRaw(await writeOn(pages.ruled, 280, digit, 280, 0, 0), 280, 280, 1);
}

/** The digit written on the sheet lying on the dark table, as a JPEG photo. */
export async function onDarkTable(digit: Digit, pages: Pages): Promise<Buffer> {
  return encodeRaw(await writeOn(pages.table, 400, digit, 168, 120, 110), 400, 400, 1, 'jpeg');
}
