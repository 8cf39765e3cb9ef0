/** What a notebook model's file says when read statically (no converter, nothing unpickled), for when the converter cannot run. */
import { readSourceFacts } from '../notebook/source-facts.ts';
import type { SourceFacts } from '../notebook/types.ts';

export type { ConvertOptions, SourceFacts } from '../notebook/types.ts';

/**
 * The file's kind, library and version, estimator and size, or undefined when it is no notebook model.
 * @example (await notebookFileFacts('model.pkl'))?.estimator // 'RandomForestClassifier'
 */
export function notebookFileFacts(file: string): Promise<SourceFacts | undefined> {
  return readSourceFacts(file);
}
