/** The manifest's "#rrggbb" colours as numbers. */

/** @example rgbOf('#ff8000') // [255, 128, 0] */
export function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Mean of the three channels, 0..255 (not rounded). @example brightness('#ffffff') // 255 */
export function brightness(hex: string): number {
  const [r, g, b] = rgbOf(hex);
  return (r + g + b) / 3;
}
