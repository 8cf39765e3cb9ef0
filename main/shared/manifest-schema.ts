/**
 * The schema of the manifest (`craneml.json`), in zod with no Node module, so the app's contract
 * and the renderer's types use it too; loading and checks live in main/manifest.ts.
 */
import { z } from 'zod';
import { conversionRecordSchema, tableColumnSchema } from './conversion-schema.ts';
import { MAX_IMAGE_SIDE, MAX_TOP_K, MODEL_NAME, MODEL_VERSION } from './manifest-rules.ts';
import { MAX_PORT, MIN_PORT } from './port-rule.ts';
import { pythonSectionSchema, rowsCodecSchema, RUNTIMES } from './python-runtime-schema.ts';

/** POSIX "/x" or Windows "C:\\x" / "\\\\server": an absolute path on any platform. */
function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

export const dtypeSchema = z.enum([
  'float32',
  'float64',
  'float16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
  'string',
]);
export type DType = z.infer<typeof dtypeSchema>;

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: dtypeSchema,
  /** -1 marks a dynamic dimension. */
  shape: z.array(z.number().int().min(-1)),
  /** The symbolic name of each dimension where the model has one (e.g. "batch"), else null. */
  dim_names: z.array(z.string().nullable()).optional(),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');

export const modelFileSchema = z.object({
  path: z
    .string()
    .min(1)
    .refine((p) => !isAbsolutePath(p) && !p.split(/[\\/]/).includes('..'), 'must be a relative path inside the project'),
  sha256: sha256Schema,
  bytes: z.number().int().nonnegative(),
});

export const imageCodecSchema = z
  .object({
    kind: z.literal('image'),
    /** Which model input receives the image; defaults to the first. */
    tensor: z.string().optional(),
    width: z.number().int().min(1).max(MAX_IMAGE_SIDE),
    height: z.number().int().min(1).max(MAX_IMAGE_SIDE),
    channels: z.union([z.literal(1), z.literal(3), z.literal(4)]),
    layout: z.enum(['NCHW', 'NHWC']),
    /** Pixel value p (0..255) becomes p * scale, then (x - mean[c]) / std[c]. */
    scale: z
      .number()
      .positive()
      .default(1 / 255),
    mean: z.array(z.number()).optional(),
    std: z.array(z.number().refine((v) => v !== 0, 'must not be 0')).optional(),
    /** true: dark ink on light becomes light on dark; "auto": invert when the image border is light. */
    invert: z.union([z.boolean(), z.literal('auto')]).default(false),
    /** "mnist": crop to the ink, fit it in 20x20 and centre it by mass in the frame, like MNIST. */
    center: z.enum(['none', 'mnist']).default('none'),
    /**
     * How a picture of another aspect ratio is fitted: stretch to fill, contain with padding, or
     * crop (resize the short side, then cut the long side's overflow equally from both ends, as
     * torchvision's Resize + CenterCrop with the same size).
     */
    fit: z.enum(['fill', 'contain', 'crop']).default('fill'),
    /** The resampling kernel of that resize (not of "mnist" centring's own); lanczos3 unless told. */
    kernel: z.enum(['lanczos3', 'bilinear', 'nearest']).default('lanczos3'),
    /** The canvas colour that transparent pixels are painted on. */
    background: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #ffffff')
      .default('#ffffff'),
  })
  .superRefine((codec, ctx) => {
    if (codec.center === 'mnist' && codec.channels !== 1) {
      ctx.addIssue({ code: 'custom', path: ['center'], message: '"mnist" centring needs channels: 1' });
    }
    for (const key of ['mean', 'std'] as const) {
      const values = codec[key];
      if (values && values.length !== 1 && values.length !== codec.channels) {
        ctx.addIssue({ code: 'custom', path: [key], message: `must have 1 or ${codec.channels} values (one per channel)` });
      }
    }
  });
export type ImageCodec = z.infer<typeof imageCodecSchema>;

export const tensorCodecSchema = z.object({ kind: z.literal('tensor') });

/** A table with named columns (a scikit-learn, XGBoost or LightGBM model): rows as named objects or CSV. */
export const tableCodecSchema = z.object({
  kind: z.literal('table'),
  /** In the order a CSV row or an array instance lists them. */
  columns: z.array(tableColumnSchema).min(1).max(10_000),
});
export type TableCodec = z.infer<typeof tableCodecSchema>;

export const inputCodecSchema = z.discriminatedUnion('kind', [imageCodecSchema, tensorCodecSchema, tableCodecSchema, rowsCodecSchema]);
export type InputCodec = z.infer<typeof inputCodecSchema>;

export const postprocessSchema = z.object({
  /** The output that holds class scores; defaults to the first output. */
  output: z.string().optional(),
  /** Apply softmax, for models whose outputs are logits. */
  softmax: z.boolean().default(false),
  top_k: z.number().int().min(1).max(MAX_TOP_K).default(3),
  /** Why `craneml init` chose this output and softmax setting, in words (for people; the runtime ignores it). */
  decided: z.string().max(1000).optional(),
});

/** A TCP port (port-rule.ts), for the manifest and the API's calls. */
export const portSchema = z.number().int().min(MIN_PORT).max(MAX_PORT);

export const serverOptionsSchema = z.object({
  port: portSchema.default(8080),
  max_batch_size: z.number().int().min(1).max(4096).default(32),
  max_wait_ms: z.number().min(0).max(1000).default(2),
  max_queue: z.number().int().min(1).max(100_000).default(512),
  max_body_bytes: z
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Largest picture accepted, in pixels; left out, a default fitted to the target size (main/codec/limits.ts). */
  max_image_pixels: z.number().int().min(1).optional(),
  cors_origins: z.array(z.string()).default([]),
  /** The try-it page at `/` (a form, a drawing pad or a JSON editor, built from the app's own controls); false serves the API only. */
  page: z.boolean().default(true),
});

/** The model file formats CraneML serves, one handler each in main/formats/registry.ts. */
export const MODEL_FORMATS = ['onnx', 'tfjs', 'keras'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** What a manifest's `format` may say: a model file format, or "python" (a model served by Python code). */
export const MANIFEST_FORMATS = [...MODEL_FORMATS, 'python'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

/** Whether a manifest's format is a model file format (served by a FormatHandler), not Python code. */
export function isModelFormat(format: ManifestFormat): format is ModelFormat {
  return (MODEL_FORMATS as readonly string[]).includes(format);
}

export const manifestSchema = z.object({
  $schema: z.string().optional(),
  schema_version: z.literal(1).default(1),
  name: z.string().regex(MODEL_NAME, 'must be lowercase letters, digits, ".", "_" or "-" (max 63), starting with a letter or digit'),
  version: z.string().regex(MODEL_VERSION, 'must be a version like 1.0.0'),
  description: z.string().max(2000).optional(),
  format: z.enum(MANIFEST_FORMATS),
  /** Which model server the image runs; left out, the format decides (main/runtimes/index.ts). */
  runtime: z.enum(RUNTIMES).optional(),
  model: z.object({
    /** The file the runtime loads (model.onnx, model.json for TF.js, the pickle or predict.py for Python). */
    entry: z.string().min(1),
    files: z.array(modelFileSchema).min(1),
  }),
  signature: z.object({
    inputs: z.array(tensorSpecSchema).min(1),
    outputs: z.array(tensorSpecSchema).min(1),
  }),
  input: inputCodecSchema.default({ kind: 'tensor' }),
  labels: z.array(z.string()).optional(),
  /** A regressor answers `{"value": ...}` per row from postprocess.output; a classifier (labels) answers as today. */
  task: z.enum(['classification', 'regression']).optional(),
  postprocess: postprocessSchema.default({ softmax: false, top_k: 3 }),
  server: serverOptionsSchema.default(serverOptionsSchema.parse({})),
  /** How a notebook model became this ONNX model, with its parity proof (main/convert/). */
  conversion: conversionRecordSchema.optional(),
  /** What the Python runtime installs and loads; present exactly when `format` is "python". */
  python: pythonSectionSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
export type ServerOptions = z.infer<typeof serverOptionsSchema>;
