/** How the Python-runtime panels put a staged project's facts in words: what it runs, why, what it answers. */
import type { StagedPython } from '../../../main/shared/crane-api.ts';
import type { PythonSource } from '../../../main/shared/python-runtime-schema.ts';

/** "A Cog project", "A predict.py project", "A notebook model served from its own file". */
export function sourceKindInWords(source: PythonSource): string {
  if (source.kind === 'cog') return 'A Cog project';
  if (source.kind === 'predictor') return `A ${source.file} project`;
  if (source.kind === 'torchscript') return 'A TorchScript model';
  if (source.kind === 'torch_export') return 'A torch.export (.pt2) model';
  return 'A notebook model served from its own file';
}

/** A PyTorch file the runtime calls with tensors (not rows by column). */
export function takesTensors(source: PythonSource): boolean {
  return source.kind === 'torchscript' || source.kind === 'torch_export';
}

/** "predict.py, class Predictor" or "cancer.joblib (joblib)". */
export function sourceInWords(source: PythonSource): string {
  if (source.kind === 'pickle') return `${source.file} (${source.source_kind})`;
  if (source.kind === 'torchscript' || source.kind === 'torch_export') return source.file;
  return `${source.file}, class ${source.class}`;
}

/**
 * The converter's step that failed, for a notebook model the Python runtime serves instead:
 * main/convert/convert-source.ts's failureReason says "converting … failed at the <step> step: …".
 */
export function failedStepOf(python: StagedPython): string | undefined {
  if (python.section.source.kind !== 'pickle') return undefined;
  return /failed at the (\w+) step/.exec(python.section.reason)?.[1];
}

/** Every requirement line pip installs in the image's dependency layer, the project's file last. */
export function requirementLines(python: StagedPython): string[] {
  const { requirements, requirements_file: file } = python.section;
  return [...requirements, ...(file ? [`-r ${file} (the project's own file)`] : [])];
}

/** "Classifier: 2 classes (0, 1)", "Regressor: answers a number per row", or what the code returns. */
export function answersOf(python: StagedPython): string {
  if (python.task === 'regression') return 'Regressor: answers a number per row';
  if (python.task === 'classification') {
    const classes = python.classes ?? [];
    const shown = classes.length <= 10 ? classes.join(', ') : `${classes.slice(0, 10).join(', ')}, …`;
    return `Classifier: ${classes.length} classes (${shown})`;
  }
  return 'Whatever predict returns, one answer per row';
}
