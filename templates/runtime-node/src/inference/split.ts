/**
 * An ONNX model whose calls run on the event loop while the server holds no other request and
 * the call is short, and otherwise in its thread (thread.ts). Handing a call to the thread and
 * back costs two thread wake-ups, more than a one-picture call of a small model takes; but with
 * other requests in the server the thread lets them be read and answered while the model runs,
 * and a long call on the event loop would hold them all. A call is short when its expected time
 * is at most `inlineMs`: the feeds' element count times the model's recent milliseconds per
 * element, learnt from calls on either side; until one has been timed, calls go to the thread.
 */
import type { LoadedModel, ModelInfo, Tensor } from '../../../../main/formats/types.ts';
import type { ThreadModel } from './thread.ts';

/** The weight of the newest call in the estimate: a change of load shows within a few calls. */
const NEWEST_WEIGHT = 0.2;

/** Elements across a call's feeds: a call's time grows with them (batch size, picture size). */
export function elementsIn(feeds: Record<string, Tensor>): number {
  let sum = 0;
  for (const tensor of Object.values(feeds)) sum += tensor.data.length;
  return Math.max(1, sum);
}

export interface SplitRule {
  /** The longest expected call, in ms, that runs on the event loop. */
  inlineMs: number;
  /** Whether the call's request is the only one the server holds now. */
  alone: () => boolean;
}

export class SplitModel implements LoadedModel {
  private msPerElement: number | undefined;
  private disposed: Promise<void> | undefined;
  /** Calls run here and in the thread so far. */
  readonly calls = { here: 0, thread: 0 };

  /**
   * @param here the same model loaded in this thread.
   * @example new SplitModel(await ThreadModel.load(entry), await loadOnnx(entry), { inlineMs: 1, alone: () => open.size <= 1 })
   */
  constructor(
    private readonly thread: ThreadModel,
    private readonly here: LoadedModel,
    private readonly when: SplitRule,
  ) {}

  get info(): ModelInfo {
    return this.thread.info;
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    if (this.disposed) throw new Error('the model was released');
    const elements = elementsIn(feeds);
    if (!this.when.alone() || !this.isShort(elements)) {
      this.calls.thread++;
      const { outputs, ms } = await this.thread.runTimed(feeds);
      this.learn(ms / elements);
      return outputs;
    }
    this.calls.here++;
    const started = performance.now();
    const outputs = await this.here.run(feeds);
    this.learn((performance.now() - started) / elements);
    return outputs;
  }

  /** Releases both sessions. */
  dispose(): Promise<void> {
    this.disposed ??= Promise.all([this.thread.dispose(), this.here.dispose()]).then(() => undefined);
    return this.disposed;
  }

  private isShort(elements: number): boolean {
    return this.msPerElement !== undefined && this.msPerElement * elements <= this.when.inlineMs;
  }

  private learn(msPerElement: number): void {
    this.msPerElement =
      this.msPerElement === undefined ? msPerElement : this.msPerElement + NEWEST_WEIGHT * (msPerElement - this.msPerElement);
  }
}
