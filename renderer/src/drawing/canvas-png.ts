/** The canvas as a PNG blob, the way the model server takes a drawing. */
export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the drawing could not be encoded as PNG'))), 'image/png');
  });
}

/** A blob's bytes, as the CraneApi takes pictures. */
export async function blobBytes(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await blob.arrayBuffer());
}
