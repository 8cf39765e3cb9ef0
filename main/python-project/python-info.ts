/** A Python-runtime model as the ModelInfo every front end shows: its signature, files and why Python serves it. */
import type { ModelInfo } from '../formats/types.ts';
import { PYTHON_COLUMN_DTYPES, PYTHON_DEFAULT_OUTPUT, PYTHON_ROWS_INPUT, type TensorSpec } from '../manifest.ts';
import type { PythonSource } from '../shared/python-runtime-schema.ts';
import type { ProjectFile } from './project-files.ts';
import type { PythonModel } from './types.ts';

/** "predict.py:Predictor (Cog)", "cancer.joblib (joblib, Pipeline(FunctionTransformer(np.log1p), LogisticRegression))" */
export function sourceLine(source: PythonSource): string {
  if (source.kind === 'pickle') return `${source.file} (${source.source_kind}, ${source.estimator})`;
  if (source.kind === 'torchscript') return `${source.file} (TorchScript)`;
  if (source.kind === 'torch_export') return `${source.file} (torch.export)`;
  return `${source.file}:${source.class}${source.kind === 'cog' ? ' (Cog)' : ''}`;
}

/** A PyTorch file's tensors, one input per column (the runtime's rule in manifest.ts), or the one "rows" input. */
export function pythonInputs(model: PythonModel): TensorSpec[] {
  if (model.tensors) return model.tensors.inputs;
  if (!model.columns) return [PYTHON_ROWS_INPUT];
  return model.columns.map((column) => ({ name: column.name, dtype: PYTHON_COLUMN_DTYPES[column.type], shape: [-1] }));
}

export function pythonOutputs(model: PythonModel): TensorSpec[] {
  if (model.tensors) return model.tensors.outputs;
  return [model.returns ? { ...PYTHON_DEFAULT_OUTPUT, dtype: model.returns } : PYTHON_DEFAULT_OUTPUT];
}

/**
 * @param entry the file the runtime loads (predict.py, the pickle), absolute; `files` are relative to its folder.
 * @example pythonModelInfo('/m/predict.py', [{ path: 'predict.py', bytes: 812 }], model).metadata.runtime // 'python'
 */
export function pythonModelInfo(entry: string, files: ProjectFile[], model: PythonModel): ModelInfo {
  const { section } = model;
  const requirements = [...section.requirements, ...(section.requirements_file ? [`-r ${section.requirements_file}`] : [])];
  return {
    format: 'python',
    entry,
    files,
    sizeBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    inputs: pythonInputs(model),
    outputs: pythonOutputs(model),
    metadata: {
      runtime: 'python',
      why: section.reason,
      source: sourceLine(section.source),
      python: section.version,
      ...(requirements.length ? { requirements: requirements.join(' ') } : {}),
    },
    python: model,
  };
}
