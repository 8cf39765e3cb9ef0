/** The messages between the server's event loop and its inference thread (thread.ts, worker.ts). */
import type { ModelInfo, Tensor, TensorData } from '../../../../main/formats/types.ts';
import type { OnnxThreads } from '../../../../main/formats/onnx.ts';

/** What the thread loads, given as its workerData. */
export interface InferenceWorkerData {
  /** The ONNX file. */
  entry: string;
  threads: OnnxThreads;
}

/** An error as it crosses the thread boundary: its code keeps a user's fault a user's fault. */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
}

export type InferenceRequest = { kind: 'run'; id: number; feeds: Record<string, Tensor> } | { kind: 'dispose' };

export type InferenceReply =
  | { kind: 'loaded'; info: ModelInfo }
  | { kind: 'failed'; error: ThreadError }
  | { kind: 'ran'; id: number; outputs: Record<string, Tensor>; /** The model's own time for the call. */ ms: number }
  | { kind: 'error'; id: number; error: ThreadError }
  | { kind: 'disposed' };

/**
 * Tensors ready to post: each numeric array in a buffer of its own, listed for transfer. An array
 * that spans its whole buffer and that the sender will not read again (`owned`) goes as it is;
 * any other is copied first, so a view into a request body or a sample kept for a retry is never
 * detached under its holder.
 * @example const { tensors, transfer } = forTransfer(feeds, false); port.postMessage({ feeds: tensors }, transfer);
 */
export function forTransfer(tensors: Record<string, Tensor>, owned: boolean): { tensors: Record<string, Tensor>; transfer: ArrayBuffer[] } {
  const out: Record<string, Tensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    if (Array.isArray(tensor.data)) {
      out[name] = tensor;
      continue;
    }
    // Two outputs may share one buffer: a buffer goes once, the second array as a copy.
    const whole = owned && spansBuffer(tensor.data) && !transfer.includes(tensor.data.buffer as ArrayBuffer);
    const data = whole ? tensor.data : copyOf(tensor.data);
    out[name] = { ...tensor, data };
    transfer.push(data.buffer as ArrayBuffer);
  }
  return { tensors: out, transfer };
}

/** A copy in a buffer of its own (a Buffer's slice() would share its memory). */
function copyOf(data: Exclude<TensorData, string[]>): Exclude<TensorData, string[]> {
  return Buffer.isBuffer(data) ? new Uint8Array(data) : (data.slice() as Exclude<TensorData, string[]>);
}

function spansBuffer(data: Exclude<TensorData, string[]>): boolean {
  return data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
}

/** An error's fields for postMessage. */
export function threadError(error: unknown): ThreadError {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) };
}
