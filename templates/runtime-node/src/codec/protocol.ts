/** The messages between the codec pool and its worker threads. */
import type { EncodedImage } from '../../../../main/codec/image-codec.ts';
import type { ImageCodec } from '../../../../main/manifest.ts';

export interface CodecTask {
  id: number;
  /** The picture's bytes, transferred (the sender no longer holds them). */
  bytes: Uint8Array;
  codec: ImageCodec;
  maxPixels: number;
  /** Also make the PNG preview of the codec's output. */
  preview: boolean;
}

/** Every reply also says how much of the worker's heap is committed but free (heap-free.ts), for the memory plan. */
export type CodecReply = { id: number; heapFreeBytes: number } & (
  { ok: true; encoded: EncodedImage; preview?: string } | { ok: false; error: { name: string; message: string; code?: string } }
);

/** An array's own buffer when it spans all of it (so it can be transferred), else a copy's. */
export function ownBuffer<T extends Uint8Array | Float32Array>(array: T, copy: (a: T) => T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength && array.buffer instanceof ArrayBuffer
    ? array
    : copy(array);
}
