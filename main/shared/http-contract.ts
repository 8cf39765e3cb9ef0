/**
 * The HTTP contract of the model server, declared once: the server validates requests with these
 * schemas and `craneml predict <url>` parses answers with them. Large tensor payloads are checked
 * as "an array" only; their elements are checked against the model's signature later, cheaply.
 */
import { z } from 'zod';

/** An array whose elements are not walked by zod (tensor data can hold millions of numbers). */
// A custom check rather than z.array(z.unknown()): it does not copy a big tensor element by element.
const anyArray = z.custom<unknown[]>((value) => Array.isArray(value), { message: 'must be an array' }).meta({ type: 'array' });

// ---------------------------------------------------------------- native API

/**
 * `POST /predict` with a JSON body: tensors as nested arrays, rows of a table (objects by column
 * name, or arrays in column order), or base64 images. A table also takes a `text/csv` body.
 */
export const predictJsonBodySchema = z
  .object({
    instances: anyArray.optional(),
    image: z.string().optional(),
    images: z.array(z.string()).optional(),
  })
  .refine((body) => [body.instances, body.image, body.images].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of "instances" (an array), "image" (base64) or "images" (an array of base64 strings)',
  });
export type PredictJsonBody = z.infer<typeof predictJsonBodySchema>;

export const scoredLabelSchema = z.object({ label: z.string(), score: z.number() });
export type ScoredLabel = z.infer<typeof scoredLabelSchema>;

export const classPredictionSchema = z.object({
  label: z.string(),
  index: z.number().int(),
  score: z.number(),
  top_k: z.array(scoredLabelSchema),
});
/** A classifier's answer for one input: the best label with its index and score, and the top k. */
export type ClassPrediction = z.infer<typeof classPredictionSchema>;

export const rawTensorSchema = z.object({ dtype: z.string(), shape: z.array(z.number().int()), data: anyArray });
export const rawPredictionSchema = z.object({ outputs: z.record(z.string(), rawTensorSchema) });
/** A model's outputs as they came, when it is neither a classifier nor a regressor. */
export type RawPrediction = z.infer<typeof rawPredictionSchema>;

/** A regressor's answer for one row (`task: "regression"`): a number, or one per target of a multi-output regressor (NaN as null). */
export const valuePredictionSchema = z.object({ value: z.union([z.number().nullable(), z.array(z.number().nullable())]) });
export type ValuePrediction = z.infer<typeof valuePredictionSchema>;

export const predictionSchema = z.union([classPredictionSchema, valuePredictionSchema, rawPredictionSchema]);
/** The answer for one input, as the server writes it and every client reads it (main/inference/postprocess.ts makes it). */
export type Prediction = z.infer<typeof predictionSchema>;

export const modelRefSchema = z.object({ name: z.string(), version: z.string() });

/** The answer of `POST /predict`: one prediction per instance or image, in request order. */
export const predictResponseSchema = z.object({
  predictions: z.array(predictionSchema),
  model: modelRefSchema,
  /** With `?preview=true` and image input: each picture after the codec, as the model sees it (PNG data URLs). */
  previews: z.array(z.string()).optional(),
});
export type PredictResponse = z.infer<typeof predictResponseSchema>;

/** Error codes of the native API's error bodies. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'INPUT_TOO_LARGE',
  'UNSUPPORTED_MEDIA',
  'INPUT_INVALID',
  'OVERLOADED',
  'NOT_READY',
  'URI_TOO_LONG',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every native error: `{"error": {"code", "message"}}`. */
export const errorBodySchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBodySchema>;

const tensorSpecSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.number().int()),
  dim_names: z.array(z.string().nullable()).optional(),
});

/** `GET /metadata`: what a client needs to encode inputs and read outputs. */
export const metadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string().optional(),
  format: z.string(),
  platform: z.string(),
  inputs: z.array(tensorSpecSchema),
  outputs: z.array(tensorSpecSchema),
  labels: z.array(z.string()).optional(),
  /** The manifest's input codec (`kind: "image"` with size, channels, layout...; `kind: "table"` with its columns; `kind: "tensor"`; or `kind: "rows"`). */
  input: z.looseObject({ kind: z.enum(['image', 'tensor', 'table', 'rows']) }),
  /** A regressor's rows are answered `{"value": ...}`. */
  task: z.enum(['classification', 'regression']).optional(),
  /** How a notebook model became this ONNX model, with its parity figures. */
  conversion: z.looseObject({}).optional(),
  postprocess: z.looseObject({ softmax: z.boolean(), top_k: z.number().int() }),
  batching: z.object({ batchable: z.boolean(), max_batch_size: z.number().int(), max_wait_ms: z.number() }),
  limits: z.object({ max_body_bytes: z.number().int(), max_image_pixels: z.number().int(), max_queue: z.number().int() }),
  runtime: z.object({ name: z.string(), version: z.string() }),
});
export type Metadata = z.infer<typeof metadataSchema>;

// ---------------------------------------------------------------- Open Inference Protocol (KServe V2)

/** The tensor datatypes, in the protocol's order, with an element's size in the binary data extension. */
export const V2_ELEMENT_BYTES = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
  /** Variable: each element is a 4-byte length, then its UTF-8 bytes. */
  BYTES: 0,
} as const;
export type V2Datatype = keyof typeof V2_ELEMENT_BYTES;
/** In V2_ELEMENT_BYTES's order, which the OpenAPI document and contract.schema.json list them in. */
export const V2_DATATYPES = Object.keys(V2_ELEMENT_BYTES) as readonly V2Datatype[] as readonly [V2Datatype, ...V2Datatype[]];

const parametersSchema = z.record(z.string(), z.unknown());

export const v2InferInputSchema = z.object({
  name: z.string().min(1).max(1024),
  shape: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 31),
    )
    .max(16),
  datatype: z.enum(V2_DATATYPES),
  parameters: parametersSchema.optional(),
  data: anyArray,
});

export const v2InferRequestSchema = z.object({
  id: z.string().max(1024).optional(),
  parameters: parametersSchema.optional(),
  inputs: z.array(v2InferInputSchema).min(1).max(64),
  outputs: z
    .array(z.object({ name: z.string().min(1).max(1024), parameters: parametersSchema.optional() }))
    .max(64)
    .optional(),
});
export type V2InferRequest = z.infer<typeof v2InferRequestSchema>;

export const v2OutputTensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  datatype: z.enum(V2_DATATYPES),
  parameters: parametersSchema.optional(),
  data: anyArray,
});
export type V2OutputTensor = z.infer<typeof v2OutputTensorSchema>;

export const v2InferResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  parameters: parametersSchema.optional(),
  outputs: z.array(v2OutputTensorSchema),
});
export type V2InferResponse = z.infer<typeof v2InferResponseSchema>;

export const v2ServerMetadataSchema = z.object({ name: z.string(), version: z.string(), extensions: z.array(z.string()) });

const v2TensorMetadataSchema = z.object({ name: z.string(), datatype: z.enum(V2_DATATYPES), shape: z.array(z.number().int()) });
export const v2ModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()),
  platform: z.string(),
  inputs: z.array(v2TensorMetadataSchema),
  outputs: z.array(v2TensorMetadataSchema),
});
export type V2ModelMetadata = z.infer<typeof v2ModelMetadataSchema>;

/** Errors on /v2 paths, as the protocol has them: `{"error": "<message>"}`. */
export const v2ErrorSchema = z.object({ error: z.string() });

/** Reads the message of either error body shape, for clients. */
export function errorMessageOf(body: unknown): string | undefined {
  const native = errorBodySchema.safeParse(body);
  if (native.success) return native.data.error.message;
  const v2 = v2ErrorSchema.safeParse(body);
  return v2.success ? v2.data.error : undefined;
}
