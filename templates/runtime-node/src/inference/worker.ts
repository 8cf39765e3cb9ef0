/**
 * The inference thread: owns the model's onnxruntime session and runs one call at a time, so a
 * batch never holds the server's event loop (onnxruntime-node runs a session synchronously on the
 * thread that calls it). Bundled as `inference-worker.mjs` beside server.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOnnx } from '../../../../main/formats/onnx.ts';
import type { LoadedModel } from '../../../../main/formats/types.ts';
import { forTransfer, threadError, type InferenceReply, type InferenceRequest, type InferenceWorkerData } from './protocol.ts';

const port = parentPort!;
const { entry, threads } = workerData as InferenceWorkerData;

function reply(message: InferenceReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function handle(model: LoadedModel, request: InferenceRequest): Promise<void> {
  if (request.kind === 'dispose') {
    await model.dispose();
    reply({ kind: 'disposed' });
    port.close();
    return;
  }
  try {
    const started = performance.now();
    const outputs = await model.run(request.feeds);
    const ms = performance.now() - started;
    // The outputs are this call's own: transferred without a copy when their arrays allow it.
    const { tensors, transfer } = forTransfer(outputs, true);
    reply({ kind: 'ran', id: request.id, outputs: tensors, ms }, transfer);
  } catch (error) {
    reply({ kind: 'error', id: request.id, error: threadError(error) });
  }
}

try {
  const model = await loadOnnx(entry, threads);
  // Calls are handled in the order they arrive, one at a time.
  let queue = Promise.resolve();
  port.on('message', (request: InferenceRequest) => {
    queue = queue.then(() => handle(model, request));
  });
  reply({ kind: 'loaded', info: model.info });
} catch (error) {
  reply({ kind: 'failed', error: threadError(error) });
}
