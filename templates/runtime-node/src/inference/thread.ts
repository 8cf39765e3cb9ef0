/**
 * An ONNX model run in a thread of its own (worker.ts), behind the same LoadedModel every caller
 * uses: the event loop only posts the batch's tensors and takes the outputs back, so requests are
 * read, parsed and answered while a batch runs. A thread that dies fails only the calls it held;
 * the next call starts a new one.
 */
import type { Worker } from 'node:worker_threads';
import { CraneError, type CraneErrorCode } from '../../../../main/errors.ts';
import { unavailable } from '../../../../main/http/http-errors.ts';
import type { OnnxThreads } from '../../../../main/formats/onnx.ts';
import type { LoadedModel, ModelInfo, Tensor } from '../../../../main/formats/types.ts';
import { spawnEntry } from '../worker-entry.ts';
import { forTransfer, type InferenceReply, type InferenceRequest, type InferenceWorkerData, type ThreadError } from './protocol.ts';

export type SpawnInference = (data: InferenceWorkerData) => Worker;

export const spawnInferenceWorker: SpawnInference = (workerData) => spawnEntry('inference-worker', 'inference/worker.ts', { workerData });

/** A call's outputs and the model's own time for it in the thread (the hop left out). */
export interface TimedOutputs {
  outputs: Record<string, Tensor>;
  ms: number;
}

interface Call {
  resolve: (answer: TimedOutputs) => void;
  reject: (error: unknown) => void;
}

/** The error the thread reported: a CraneError keeps its code (the CLI prints it in one line). */
function revive(error: ThreadError): Error {
  if (error.code) return new CraneError(error.code as CraneErrorCode, error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}

/** One started thread: resolves with it once its model is loaded. */
function start(data: InferenceWorkerData, spawn: SpawnInference, onReply: (reply: InferenceReply) => void, onExit: (why: string) => void) {
  const worker = spawn(data);
  return new Promise<{ worker: Worker; info: ModelInfo }>((resolve, reject) => {
    let loaded = false;
    let failure: string | undefined;
    worker.on('message', (reply: InferenceReply) => {
      if (reply.kind === 'loaded') {
        loaded = true;
        resolve({ worker, info: reply.info });
      } else if (reply.kind === 'failed') reject(revive(reply.error));
      else onReply(reply);
    });
    worker.on('error', (error: unknown) => (failure = error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => {
      const why = failure ?? `exit code ${code}`;
      if (!loaded) reject(new Error(`the inference thread stopped while loading the model (${why})`));
      else onExit(why);
    });
  });
}

export class ThreadModel implements LoadedModel {
  private current: Promise<Worker> | undefined;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private disposed: Promise<void> | undefined;

  private constructor(
    readonly info: ModelInfo,
    worker: Worker,
    private readonly data: InferenceWorkerData,
    private readonly spawn: SpawnInference,
  ) {
    this.current = Promise.resolve(worker);
  }

  /**
   * Loads `entry` in a new thread; rejects as loading it in this thread would (ModelCorruptError…).
   * @example const model = await ThreadModel.load('/model/model.onnx', { intraOp: 1 });
   */
  static async load(entry: string, threads: OnnxThreads = {}, spawn: SpawnInference = spawnInferenceWorker): Promise<ThreadModel> {
    // The first thread's replies reach the model made once it has loaded.
    const made: { model?: ThreadModel } = {};
    const data = { entry, threads };
    const { worker, info } = await start(
      data,
      spawn,
      (reply) => made.model?.settle(reply),
      (why) => made.model?.lost(why),
    );
    made.model = new ThreadModel(info, worker, data, spawn);
    return made.model;
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    return (await this.runTimed(feeds)).outputs;
  }

  async runTimed(feeds: Record<string, Tensor>): Promise<TimedOutputs> {
    if (this.disposed) throw new Error('the model was released');
    const worker = await (this.current ??= this.restart());
    const id = this.nextId++;
    // The caller may read its feeds again (a batch retried one sample at a time): they are copied.
    const { tensors, transfer } = forTransfer(feeds, false);
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      const request: InferenceRequest = { kind: 'run', id, feeds: tensors };
      worker.postMessage(request, transfer);
    });
  }

  /** Releases the session, then ends the thread. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      const worker = await this.current?.catch(() => undefined);
      this.current = undefined;
      if (!worker) return;
      const released = new Promise<void>((resolve) => {
        worker.on('message', (reply: InferenceReply) => reply.kind === 'disposed' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage({ kind: 'dispose' } satisfies InferenceRequest);
      await released;
      await worker.terminate();
    })();
    return this.disposed;
  }

  private settle(reply: InferenceReply): void {
    if (reply.kind !== 'ran' && reply.kind !== 'error') return;
    const call = this.calls.get(reply.id);
    if (!call) return;
    this.calls.delete(reply.id);
    if (reply.kind === 'ran') call.resolve({ outputs: reply.outputs, ms: reply.ms });
    else call.reject(revive(reply.error));
  }

  /** The thread ended on its own: its calls fail, the next call starts another. */
  private lost(why: string): void {
    this.current = undefined;
    const calls = [...this.calls.values()];
    this.calls.clear();
    // Not the input's fault: 503 and Retry-After, while the next call starts a new thread.
    for (const call of calls) call.reject(unavailable('NOT_READY', `the inference thread stopped (${why}); retry shortly`));
  }

  private restart(): Promise<Worker> {
    return start(
      this.data,
      this.spawn,
      (reply) => this.settle(reply),
      (why) => this.lost(why),
    ).then(
      ({ worker }) => worker,
      (error: unknown) => {
        // The next call tries again.
        this.current = undefined;
        throw error;
      },
    );
  }
}
