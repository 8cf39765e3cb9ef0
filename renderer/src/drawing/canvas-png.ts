/** The canvas as a PNG blob, the way the model server takes a drawing. */

/**
 * Encodes with toDataURL rather than toBlob: Chromium runs toBlob's encoder as an idle task, which
 * can wait up to a second while the page is busy, too slow for predictions that follow the pen.
 */
export async function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  const url = canvas.toDataURL('image/png');
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'image/png' });
}

/** A blob's bytes, as the CraneApi takes pictures. */
export async function blobBytes(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await blob.arrayBuffer());
}
