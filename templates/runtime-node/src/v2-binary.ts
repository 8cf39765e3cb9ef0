/**
 * The Open Inference Protocol's binary tensor data extension, which tritonclient uses by default:
 * a JSON header of `Inference-Header-Content-Length` bytes, then the raw tensors back to back, each
 * input naming its byte count in `parameters.binary_data_size`. Answers can carry outputs the same way.
 */
import { halfBytes, readHalf } from '../../../main/formats/half-float.ts';
import type { Tensor } from '../../../main/formats/types.ts';
import { V2_ELEMENT_BYTES, type V2Datatype } from '../../../main/shared/http-contract.ts';
import { HttpError } from '../../../main/http/http-errors.ts';

function badRequest(message: string): HttpError {
  return new HttpError(400, 'BAD_REQUEST', message);
}

/** Splits a body at the JSON header's length (the header's value, validated). */
export function splitBinaryBody(body: Buffer, headerLength: string): { json: Buffer; binary: Buffer } {
  const length = Number(headerLength);
  if (!/^\d+$/.test(headerLength.trim()) || length > body.length) {
    throw badRequest(`Inference-Header-Content-Length is ${headerLength.slice(0, 20)}, but the body has ${body.length} bytes`);
  }
  return { json: body.subarray(0, length), binary: body.subarray(length) };
}

function readStrings(bytes: Buffer, name: string): string[] {
  const out: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw badRequest(`input "${name}": BYTES data ends inside a length prefix`);
    const size = bytes.readUInt32LE(offset);
    offset += 4;
    if (offset + size > bytes.length) throw badRequest(`input "${name}": a BYTES element runs past its binary data`);
    out.push(bytes.toString('utf8', offset, offset + size));
    offset += size;
  }
  return out;
}

function readNumbers(bytes: Buffer, datatype: V2Datatype, name: string): unknown[] {
  // BYTES (length-prefixed, size 0) and names that are no V2 datatype have no fixed size to read.
  const size = Object.hasOwn(V2_ELEMENT_BYTES, datatype) ? V2_ELEMENT_BYTES[datatype] : 0;
  if (size === 0) throw badRequest(`input "${name}": ${datatype} cannot be sent as binary data; send it as JSON`);
  if (bytes.length % size !== 0) throw badRequest(`input "${name}": ${bytes.length} bytes is not a whole number of ${datatype} values`);
  // Copied so that the typed array is aligned whatever the offset inside the body.
  const buffer = new Uint8Array(bytes).buffer;
  const count = bytes.length / size;
  const view = new DataView(buffer);
  const out = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    const at = i * size;
    switch (datatype) {
      case 'BOOL':
        out[i] = view.getUint8(at) !== 0;
        break;
      case 'UINT8':
        out[i] = view.getUint8(at);
        break;
      case 'INT8':
        out[i] = view.getInt8(at);
        break;
      case 'UINT16':
        out[i] = view.getUint16(at, true);
        break;
      case 'INT16':
        out[i] = view.getInt16(at, true);
        break;
      case 'UINT32':
        out[i] = view.getUint32(at, true);
        break;
      case 'INT32':
        out[i] = view.getInt32(at, true);
        break;
      case 'FP16':
        out[i] = readHalf(view, at);
        break;
      case 'FP32':
        out[i] = view.getFloat32(at, true);
        break;
      case 'FP64':
        out[i] = view.getFloat64(at, true);
        break;
      case 'UINT64':
        out[i] = Number(view.getBigUint64(at, true));
        break;
      default:
        out[i] = Number(view.getBigInt64(at, true));
    }
  }
  return out;
}

interface RawInput {
  name?: unknown;
  datatype?: unknown;
  parameters?: { binary_data_size?: unknown };
  data?: unknown;
}

/**
 * Fills `data` of every input that names a `binary_data_size`, from `binary` in order, so that the
 * request then goes through the same schema and checks as a JSON one. Leftover or missing bytes are errors.
 */
export function attachBinaryInputs(request: unknown, binary: Buffer): void {
  const inputs = (request as { inputs?: unknown } | null)?.inputs;
  let offset = 0;
  if (Array.isArray(inputs)) {
    for (const input of inputs as RawInput[]) {
      const size = input?.parameters?.binary_data_size;
      if (size === undefined) continue;
      const name = String(input.name).slice(0, 100);
      if (!Number.isSafeInteger(size) || (size as number) < 0) throw badRequest(`input "${name}": binary_data_size must be a byte count`);
      if (input.data !== undefined) throw badRequest(`input "${name}" has both data and binary_data_size`);
      if (offset + (size as number) > binary.length) throw badRequest(`input "${name}": binary_data_size runs past the end of the body`);
      const bytes = binary.subarray(offset, offset + (size as number));
      offset += size as number;
      input.data = input.datatype === 'BYTES' ? readStrings(bytes, name) : readNumbers(bytes, input.datatype as V2Datatype, name);
    }
  }
  if (offset !== binary.length) throw badRequest(`${binary.length - offset} bytes after the JSON header belong to no input`);
}

/** A tensor's raw little-endian bytes as the extension lays them out (BYTES: 4-byte length, then the bytes). */
export function tensorBytes(tensor: Tensor): Buffer {
  const data = tensor.data;
  if (Array.isArray(data)) {
    if (tensor.dtype === 'bool') return Buffer.from(data.map((v) => (v ? 1 : 0)));
    return Buffer.concat(
      data.map((v) => {
        const text = Buffer.from(String(v), 'utf8');
        const prefix = Buffer.alloc(4);
        prefix.writeUInt32LE(text.length);
        return Buffer.concat([prefix, text]);
      }),
    );
  }
  if (tensor.dtype === 'float16') return halfBytes(data as Float32Array);
  const view = data as ArrayBufferView;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** Whether the client asked for `name` as binary: per output, or for all outputs at once. */
export function wantsBinary(
  request: { parameters?: Record<string, unknown>; outputs?: { name: string; parameters?: Record<string, unknown> }[] },
  name: string,
): boolean {
  const own = request.outputs?.find((o) => o.name === name)?.parameters?.binary_data;
  if (typeof own === 'boolean') return own;
  return request.parameters?.binary_data_output === true;
}
