/**
 * The conversion of a notebook model (scikit-learn, XGBoost, LightGBM) to ONNX: what the converter
 * container reports (`report.json`, written by templates/converter-python/convert.py) and what the
 * manifest records. zod with no Node module, so the app's contract uses it too.
 */
import { z } from 'zod';

/** The kinds of source file CraneML converts, recognised by content (main/notebook/detect-source.ts). */
export const SOURCE_KINDS = ['pickle', 'joblib', 'skops', 'xgboost-json', 'xgboost-ubj', 'lightgbm-text', 'catboost'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The steps of a conversion, as progress names them (ConvertProgress, the app's conversion event). */
export const CONVERT_STEPS = ['image', 'load', 'describe', 'convert', 'parity'] as const;
export type ConvertStep = (typeof CONVERT_STEPS)[number];

export const COLUMN_TYPES = ['number', 'integer', 'string', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** One column of a table: its name as the model knows it, its type, and where it goes in the model's inputs. */
export const tableColumnSchema = z.object({
  name: z.string().min(1).max(256),
  type: z.enum(COLUMN_TYPES),
  /** The known values of a string (category) column, as the model's encoder learnt them. */
  values: z.array(z.string()).max(10_000).optional(),
  /** The model input that receives this column. */
  tensor: z.string().min(1),
  /** The column's position on that input's last axis (0 for an input of its own, shape [N, 1]). */
  index: z.number().int().min(0).default(0),
  /** A typical value, for docs and forms. */
  example: z.union([z.number(), z.string(), z.boolean()]).optional(),
  /** What the column means, where the model says (a Cog Input's description). */
  description: z.string().max(2000).optional(),
  /** Bounds of a number or integer column, inclusive (a Cog Input's ge / le). */
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  /** The value a missing cell takes; a column without one must be given (Python runtime). */
  default: z.union([z.number(), z.string(), z.boolean()]).optional(),
  /** May be left out with no default (a Cog Input with default=None): the model is given null (None). */
  optional: z.boolean().optional(),
  /** A file (a Cog Path input): sent as a data URL (`data:<type>;base64,...`), handed to the model as a file path. */
  file: z.boolean().optional(),
});
export type TableColumn = z.infer<typeof tableColumnSchema>;

export const parityReportSchema = z.object({
  /** Rows the original model and the ONNX model both answered. */
  rows: z.number().int().min(0),
  /** Where the rows came from: the user's --sample file, or synthesised from what the model knows. */
  sample: z.enum(['user', 'synthesised']),
  /** Rows whose label (classifier) is the same in both; equals `rows` when parity passed. */
  labels_agree: z.number().int().min(0).optional(),
  /** Largest absolute and relative difference of scores (classifier) or values (regressor). */
  max_abs_diff: z.number().min(0),
  max_rel_diff: z.number().min(0),
  tolerance: z.number().positive(),
  passed: z.boolean(),
  /** The ONNX input dtype the passing (or last) attempt used. */
  dtype: z.enum(['float32', 'float64']),
});
export type ParityReport = z.infer<typeof parityReportSchema>;

export const conversionRecordSchema = z.object({
  source: z.object({
    file: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().min(0),
    kind: z.enum(SOURCE_KINDS),
    library: z.string().min(1),
    /** The version the file was saved with, where the file says it. */
    library_version: z.string().optional(),
    /** What the file holds, e.g. "Pipeline(StandardScaler, LogisticRegression)". */
    estimator: z.string().min(1),
  }),
  converter: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    /** Every package in the converter image that took part, with its version. */
    packages: z.record(z.string(), z.string()),
    opset: z.record(z.string(), z.number().int()),
  }),
  parity: parityReportSchema,
  seconds: z.number().min(0),
});
export type ConversionRecord = z.infer<typeof conversionRecordSchema>;

/** What convert.py writes to /out/report.json. `ok: false` names the step that failed and why. */
export const converterReportSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    model: z.object({
      estimator: z.string().min(1),
      task: z.enum(['classification', 'regression']),
      /** classes_ as strings, in the order of the score output's columns (classifiers only). */
      classes: z.array(z.string()).optional(),
      library: z.string().min(1),
      library_version: z.string().optional(),
    }),
    columns: z.array(tableColumnSchema).min(1),
    onnx: z.object({
      /** The converted model, next to report.json. */
      file: z.literal('model.onnx'),
      /** The output holding one score per class (classifier) or the value(s) (regressor). */
      score_output: z.string().min(1),
      label_output: z.string().optional(),
    }),
    converter: conversionRecordSchema.shape.converter,
    parity: parityReportSchema,
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      step: z.enum(['load', 'describe', 'convert', 'parity', 'sample']),
      message: z.string().min(1),
      /** Figures for a parity failure. */
      parity: parityReportSchema.optional(),
    }),
    /** What was learnt before the failure, when the file loaded (task and classes once described). */
    model: z
      .object({
        estimator: z.string(),
        library: z.string(),
        library_version: z.string().optional(),
        task: z.enum(['classification', 'regression']),
        classes: z.array(z.string()).optional(),
      })
      .partial()
      .optional(),
    /** The columns, when the model was described before the failure (the Python runtime serves it by them). */
    columns: z.array(tableColumnSchema).min(1).optional(),
  }),
]);
export type ConverterReport = z.infer<typeof converterReportSchema>;

/**
 * A notebook model (scikit-learn, XGBoost, LightGBM) converted to ONNX: the ModelInfo it comes with
 * describes the converted model.onnx, and this says how to serve it by column (main/convert/). The
 * app's staged model carries it too (main/shared/crane-api.ts).
 */
export interface NotebookModel {
  columns: TableColumn[];
  task: 'classification' | 'regression';
  /** classes_ as strings, in the order of the score output (classifiers). */
  classes?: string[];
  /** The output with one score per class, or the value(s) of a regressor. */
  scoreOutput: string;
  conversion: ConversionRecord;
}
