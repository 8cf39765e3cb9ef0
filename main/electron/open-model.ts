/**
 * Opening a model from the shell: the files are copied into the core's staging folder and the staged model goes to
 * the wizard on the "openModel" stream. A model opened before the page listens (the app was
 * started with a file) waits for the page's first subscription.
 */
import type { CraneCore } from '../api/crane-core.ts';
import { toErrorBody } from '../api/error-body.ts';
import { copyFiles } from '../api/staging.ts';
import type { StagedModel } from '../shared/crane-api.ts';
import { modelFilePaths } from './model-files.ts';

export class ModelOpener {
  private pending?: StagedModel;

  constructor(
    private readonly core: Pick<CraneCore, 'stageFiles' | 'hub' | 'subscribe'>,
    /** Told when a file cannot be opened (the shell shows a message box). */
    private readonly onError: (file: string, message: string) => void,
  ) {}

  /** @example await opener.open('/home/me/mnist.onnx'); */
  async open(file: string): Promise<void> {
    try {
      const staged = await this.core.stageFiles(copyFiles(await modelFilePaths(file)));
      if (this.core.hub.listenerCount('openModel', '') > 0) this.core.hub.emit('openModel', '', staged);
      else this.pending = staged;
    } catch (error) {
      this.onError(file, toErrorBody(error).message);
    }
  }

  /** The core's subscribe, handing a waiting model to the first page that listens for one. */
  readonly subscribe: CraneCore['subscribe'] = (name, key, listener) => {
    const stop = this.core.subscribe(name, key, listener);
    const waiting = name === 'openModel' ? this.pending : undefined;
    if (waiting) {
      this.pending = undefined;
      queueMicrotask(() => (listener as (model: StagedModel) => void)(waiting));
    }
    return stop;
  };
}
