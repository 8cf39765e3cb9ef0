/** The contract between reading a notebook model on the host (no code runs) and converting it in a container. */
import type { ConvertStep, SourceKind } from '../shared/conversion-schema.ts';

export type NotebookLibrary = 'scikit-learn' | 'xgboost' | 'lightgbm' | 'catboost';

/** What CraneML reads from a notebook model's file on the host, statically: nothing in it runs. */
export interface SourceFacts {
  /** Absolute path of the file. */
  file: string;
  kind: SourceKind;
  /** How a pickle or joblib file is compressed, when it is. */
  compression?: 'zlib' | 'gzip' | 'bz2' | 'lzma' | 'xz';
  library: NotebookLibrary;
  /** Versions the file records, by PyPI package name, e.g. {"scikit-learn": "1.9.1"}. */
  versions: Record<string, string>;
  /** The Python globals a pickle names (module.qualname), all allowed, in first-seen order; [] for other kinds. */
  globals: string[];
  /** For people: "Pipeline(StandardScaler, LogisticRegression)", or the booster's kind. */
  estimator: string;
  bytes: number;
  sha256: string;
}

export interface ConvertProgress {
  step: ConvertStep;
  message: string;
}

export interface ConvertOptions {
  /** A CSV file with a header row: the rows parity is proved on, instead of synthesised ones. */
  sample?: string;
  /** Largest absolute difference of a score or value that still counts as equal; 1e-4 unless told. */
  tolerance?: number;
  onProgress?: (event: ConvertProgress) => void;
  signal?: AbortSignal;
  /** false: a failed conversion stays an error instead of falling back to the Python runtime (init --no-fallback). */
  pythonFallback?: boolean;
}

export const DEFAULT_TOLERANCE = 1e-4;
