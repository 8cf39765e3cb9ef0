/**
 * What a project served by the Python runtime (templates/runtime-python) declares in `craneml.json`:
 * which Python, which pinned packages, and what the server loads. zod with no Node module, so the
 * app's contract, the renderer and the JSON Schema the Python server validates against all use it.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from './conversion-schema.ts';

/** The model servers CraneML builds into images; each is one implementation in main/runtimes/. */
export const RUNTIMES = ['node', 'python'] as const;
export type RuntimeId = (typeof RUNTIMES)[number];

/** The Python versions the runtime's base images exist for. */
export const PYTHON_VERSIONS = ['3.10', '3.11', '3.12', '3.13'] as const;
export const DEFAULT_PYTHON_VERSION = '3.11';

const projectFile = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (p) => !p.startsWith('/') && !p.startsWith('\\') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..'),
    'must be a relative path inside the project',
  );

/** A global a pickle names, "module.qualname", as main/notebook/allow-list.ts approved it. */
const pickleGlobal = z.string().regex(/^[A-Za-z_][\w.]*\.[A-Za-z_][\w]*$/, 'must be "module.name"');

/** What the server loads, and how it calls it. */
export const pythonSourceSchema = z.discriminatedUnion('kind', [
  /**
   * A scikit-learn / XGBoost / LightGBM file no converter took (or whose parity failed): loaded with
   * a restricted unpickler that admits exactly `allowed_globals`, then `predict` / `predict_proba`.
   */
  z.object({
    kind: z.literal('pickle'),
    file: projectFile,
    source_kind: z.enum(SOURCE_KINDS),
    /** What the file holds, e.g. "Pipeline(FunctionTransformer, LogisticRegression)". */
    estimator: z.string().min(1).max(2000),
    /** Every global the file names, each approved by the allow-list at init. */
    allowed_globals: z.array(pickleGlobal).max(10_000),
  }),
  /** A folder with `predict.py` holding `class Predictor` with `setup(self)` and `predict(self, rows)`. */
  z.object({
    kind: z.literal('predictor'),
    file: projectFile.default('predict.py'),
    class: z
      .string()
      .regex(/^[A-Za-z_]\w*$/)
      .default('Predictor'),
  }),
  /** A Cog project: `cog.yaml`'s `run: "run.py:Runner"` (`predict: "predict.py:Predictor"` before Cog 0.22), whose run(**row) (or predict) takes typed Inputs; `class` may name a function. */
  z.object({
    kind: z.literal('cog'),
    file: projectFile,
    class: z.string().regex(/^[A-Za-z_]\w*$/),
  }) /**
   * A TorchScript file (`torch.jit.save`): `torch.jit.load` on the CPU, in eval mode, called with one
   * batched tensor per declared input (signature.inputs, in order); its outputs are answered like an
   * ONNX model's (labels, softmax, top_k from `postprocess`; raw tensors otherwise).
   */,
  z.object({ kind: z.literal('torchscript'), file: projectFile }),
  /** A `torch.export` file (`.pt2`, `torch.export.save`): `torch.export.load(file).module()`, called and answered likewise. */
  z.object({ kind: z.literal('torch_export'), file: projectFile }),
]);
export type PythonSource = z.infer<typeof pythonSourceSchema>;

/** The manifest's `python` section; present exactly when `runtime` is "python". */
export const pythonSectionSchema = z.object({
  version: z.enum(PYTHON_VERSIONS).default(DEFAULT_PYTHON_VERSION),
  /**
   * pip requirement lines of the model, pinned `name==version` where CraneML chose them (the versions
   * a pickle was saved with, cog.yaml's python_packages); installed in the image's dependency layer.
   */
  requirements: z.array(z.string().min(1).max(500)).max(1000).default([]),
  /** A requirements file of the project, installed in the same layer. */
  requirements_file: projectFile.optional(),
  source: pythonSourceSchema,
  /** Why the Python runtime serves this model (e.g. the conversion's failure), for people. */
  reason: z.string().max(4000).optional(),
});
export type PythonSection = z.infer<typeof pythonSectionSchema>;

/**
 * Rows with no declared columns (a predict.py project that declares none): JSON values reach the
 * model as sent; CSV cells that read as numbers become numbers.
 */
export const rowsCodecSchema = z.object({ kind: z.literal('rows') });
