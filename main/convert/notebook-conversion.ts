/** The notebook conversion handed to the engine's inspectModel and loadModel (main/formats/index.ts): loaded when a notebook model is met. */
import type { NotebookConversion } from '../formats/index.ts';
import type { ManifestOptions } from '../project.ts';

export const notebookConversion: NotebookConversion = {
  inspect: async (file, options) => (await import('./notebook-model.ts')).inspectNotebook(file, options),
  load: async (file, options) => (await import('./notebook-model.ts')).loadNotebook(file, options),
};

/**
 * `options` for openProject, initProject or Predictor.open, with a notebook model converted on the way.
 * @example await openProject('cancer.joblib', withNotebooks({ name: 'cancer' }));
 */
export function withNotebooks<T extends ManifestOptions>(options: T): T {
  return { ...options, convert: { ...options.convert, notebooks: notebookConversion } };
}
