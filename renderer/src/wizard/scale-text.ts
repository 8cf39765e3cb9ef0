/** The image codec's scale as people write it: 1/255 rather than 0.00392156862745098, and "1/255" read back as a number. */

/** 0.00392156862745098 -> "1/255"; 0.5 -> "0.5" (a plain number unless it is 1/k for a whole k of 3 or more). */
export function scaleText(value: string): string {
  const scale = Number(value);
  if (value.trim() === '' || !Number.isFinite(scale) || scale <= 0) return value;
  const k = Math.round(1 / scale);
  return k >= 3 && Math.abs(1 / k - scale) < 1e-12 ? `1/${k}` : value;
}

/** "1/255" -> "0.00392156862745098" (the form keeps numbers as text); anything else as typed. */
export function scaleValue(text: string): string {
  const fraction = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!fraction) return text;
  const value = Number(fraction[1]) / Number(fraction[2]);
  return Number.isFinite(value) ? String(value) : text;
}
