/** What CraneML learnt of a model the Python runtime serves, before its manifest is written. */
import type { TableColumn } from '../shared/conversion-schema.ts';
import type { DType, TensorSpec } from '../shared/manifest-schema.ts';
import type { PythonSection } from '../shared/python-runtime-schema.ts';

/** A Python-runtime model: a Cog project, a predict.py project, a notebook model no converter took, or a PyTorch file. */
export interface PythonModel {
  /** The manifest's python section as init writes it; `reason` says why the Python runtime serves it. */
  section: PythonSection & { reason: string };
  /** Typed columns (a Cog signature, a notebook model's columns); none: rows reach the code as sent. */
  columns?: TableColumn[];
  task?: 'classification' | 'regression';
  /** classes_ as strings (a notebook classifier). */
  classes?: string[];
  /** A PyTorch file's tensors: what a .pt2 declares, or TorchScript's as --input-shape gives them. */
  tensors?: { inputs: TensorSpec[]; outputs: TensorSpec[] };
  /** What predict answers, where its annotation says a plain type. */
  returns?: DType;
  /** The folder's files left out of the project, and why (version control, caches, venvs). */
  skipped: { path: string; why: string }[];
}
