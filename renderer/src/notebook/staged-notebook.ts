/** What the wizard reads of a staged notebook model (scikit-learn, XGBoost, LightGBM converted to ONNX) from the core's StagedModel. */
import type { StagedModel } from '../../../main/shared/crane-api.ts';
import type { NotebookModel } from '../../../main/shared/conversion-schema.ts';

/** The table a notebook model takes, what it answers, and how it became ONNX (ModelInfo.notebook, as the core stages it). */
export type StagedNotebook = NotebookModel;

/**
 * The notebook part of a staged model, or undefined for a tensor/image model.
 * @example notebookOf(staged)?.columns.length // 30 for the breast-cancer pipeline
 */
export function notebookOf(staged: StagedModel | undefined): StagedNotebook | undefined {
  return (staged as (StagedModel & { notebook?: NotebookModel }) | undefined)?.notebook;
}
