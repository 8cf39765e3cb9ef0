/**
 * float16 tensors: CraneML holds their values as a Float32Array everywhere (JSON, codecs,
 * postprocessing) and converts to IEEE half-precision bits only where bytes leave or enter:
 * onnxruntime's tensors and the Open Inference Protocol's binary data.
 */
import { getFloat16, setFloat16 } from '@petamoriken/float16';

/** The largest finite float16 value; anything larger would become Infinity. */
export const FLOAT16_MAX = 65504;

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Half-precision bits of each value, as a Uint16Array in the host's byte order. */
export function toHalfBits(values: ArrayLike<number>): Uint16Array {
  const bits = new Uint16Array(values.length);
  const view = new DataView(bits.buffer);
  for (let i = 0; i < values.length; i++) setFloat16(view, i * 2, values[i]!, HOST_LITTLE_ENDIAN);
  return bits;
}

/** Values of half-precision bits. */
export function fromHalfBits(bits: Uint16Array): Float32Array {
  const view = new DataView(bits.buffer, bits.byteOffset, bits.byteLength);
  const values = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) values[i] = getFloat16(view, i * 2, HOST_LITTLE_ENDIAN);
  return values;
}

/** Little-endian half-precision bytes of each value, as the binary data extension lays them out. */
export function halfBytes(values: ArrayLike<number>): Buffer {
  const bytes = Buffer.alloc(values.length * 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) setFloat16(view, i * 2, values[i]!, true);
  return bytes;
}

/** One value read from little-endian half-precision bytes. */
export function readHalf(view: DataView, offset: number): number {
  return getFloat16(view, offset, true);
}
