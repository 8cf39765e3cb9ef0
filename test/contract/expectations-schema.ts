/**
 * The shape of a contract fixture's `expectations.json`: rows of a table and the answers the model's
 * own library (scikit-learn, XGBoost...) gave for them, written by the fixture's generator in set-up
 * (scripts/fixtures-python/, scripts/fixtures-tabular/) so the contract suite never asks a predictor
 * of ours what the right answer is.
 *
 * @example
 * {
 *   "schema_version": 1,
 *   "model": { "name": "mixed", "version": "1.0.0" },
 *   "library": { "name": "scikit-learn", "version": "1.9.1" },
 *   "task": "classification",
 *   "columns": [{ "name": "sex", "type": "string" }, { "name": "age", "type": "number" }],
 *   "rows": [{ "sex": "female", "age": 33.5 }, { "sex": "male", "age": null }],
 *   "csv": "sex,age\nfemale,33.5\nmale,\n",
 *   "classes": ["high", "low", "mid"],
 *   "answers": [{ "label": "mid", "probabilities": [0.1, 0.2, 0.7] }, { "label": "low", "probabilities": [0.2, 0.5, 0.3] }],
 *   "tolerance": { "absolute": 1e-5, "relative": 1e-5 }
 * }
 */
import { z } from 'zod';
import { V2_DATATYPES } from '../../main/shared/http-contract.ts';

/** A column as the table declares it; JSON rows and arrays in column order follow this order. */
const columnSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['string', 'integer', 'number', 'boolean']),
});

/** A cell as JSON: null for a gap (NaN in pandas). */
const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A classifier's answer for one row: predict's label and predict_proba's row, in `classes` order. */
const classAnswerSchema = z.object({ label: z.string(), probabilities: z.array(z.number()).min(2) });

/** A regressor's answer for one row: predict's value, or one per target of a multi-output regressor. */
const valueAnswerSchema = z.object({ value: z.union([z.number(), z.array(z.number()).min(1)]) });

export const expectationsSchema = z
  .object({
    schema_version: z.literal(1),
    /** The name and version the server answers with (`model` of /predict, `name` of /metadata). */
    model: z.object({ name: z.string().min(1), version: z.string().min(1) }),
    /** The library whose own predict computed `answers`, with its version. */
    library: z.object({ name: z.string().min(1), version: z.string().min(1) }),
    task: z.enum(['classification', 'regression']),
    columns: z.array(columnSchema).min(1),
    /** At least two rows, one of them with no gap (V2 per-column inputs take only rows without null). */
    rows: z.array(z.record(z.string(), cellSchema)).min(2),
    /** The same rows as CSV with a header, as pandas' to_csv writes them (gaps empty, True/False). */
    csv: z.string().min(1),
    /** A classifier's classes in the order of predict_proba's columns (its `classes_`, as strings). */
    classes: z.array(z.string()).min(2).optional(),
    /** One answer per row, in row order. */
    answers: z.array(z.union([classAnswerSchema, valueAnswerSchema])),
    /** A probability or value passes when within absolute OR relative of the library's. */
    tolerance: z.object({ absolute: z.number().min(0), relative: z.number().min(0) }),
    /**
     * The model's own 2-D input, when it reads every column as one tensor [N, columns] (e.g. an
     * ONNX table model's "X"): V2 infer then also takes that one tensor. Absent for a pickle.
     */
    tensor: z.object({ name: z.string().min(1), datatype: z.enum(V2_DATATYPES) }).optional(),
  })
  .superRefine((e, ctx) => {
    const names = e.columns.map((c) => c.name);
    if (e.answers.length !== e.rows.length) ctx.addIssue({ code: 'custom', message: 'one answer per row', path: ['answers'] });
    e.rows.forEach((row, i) => {
      if (Object.keys(row).join('\n') !== names.join('\n')) {
        ctx.addIssue({ code: 'custom', message: 'a row names every column, in column order', path: ['rows', i] });
      }
    });
    if (!e.rows.some((row) => Object.values(row).every((cell) => cell !== null))) {
      ctx.addIssue({ code: 'custom', message: 'at least one row has no gap', path: ['rows'] });
    }
    const classifier = e.task === 'classification';
    if (classifier !== (e.classes !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'classes exactly when task is classification', path: ['classes'] });
    }
    e.answers.forEach((answer, i) => {
      const fits = classifier
        ? 'label' in answer && answer.probabilities.length === e.classes?.length && e.classes.includes(answer.label)
        : 'value' in answer;
      if (!fits) ctx.addIssue({ code: 'custom', message: `answer does not fit the task (${e.task})`, path: ['answers', i] });
    });
  });
export type Expectations = z.infer<typeof expectationsSchema>;
export type ExpectedColumn = z.infer<typeof columnSchema>;

/** The name of the file beside a fixture's craneml.json. */
export const EXPECTATIONS_FILE = 'expectations.json';
