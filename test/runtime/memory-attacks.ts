/** Inputs that cost the model server memory (issue 20): a progressive JPEG whose decode is far larger than its bytes. */
import sharp from 'sharp';

/**
 * A flat `side` x `side` progressive JPEG: about 99 KB for 4096 x 4096, yet libjpeg holds every DCT
 * coefficient of a progressive picture while it decodes (2 bytes a sample: 50 MB at 4:2:0).
 * @example const jpeg = await progressiveJpeg(4096);
 */
export async function progressiveJpeg(side: number): Promise<Buffer> {
  return sharp({ create: { width: side, height: side, channels: 3, background: '#f0f0f0' } })
    .jpeg({ progressive: true })
    .toBuffer();
}

/** A process's resident memory in MiB, from /proc (Linux). */
export async function residentMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}
