/** Reads the ONNX ModelProto header fields (opset, producer, doc string) without decoding the graph. */
import protobuf from 'protobufjs';
import { ModelCorruptError } from '../errors.ts';

// Only the fields we read; everything else (nodes, raw weight bytes, ...) is skipped undecoded.
const root = protobuf.Root.fromJSON({
  nested: {
    OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
    StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    // Only where a weight's bytes live: inline, or in an external data file (data_location 1).
    TensorProto: {
      fields: { external_data: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 }, data_location: { type: 'int32', id: 14 } },
    },
    GraphProto: { fields: { initializer: { rule: 'repeated', type: 'TensorProto', id: 5 } } },
    ModelProto: {
      fields: {
        ir_version: { type: 'int64', id: 1 },
        producer_name: { type: 'string', id: 2 },
        producer_version: { type: 'string', id: 3 },
        domain: { type: 'string', id: 4 },
        model_version: { type: 'int64', id: 5 },
        doc_string: { type: 'string', id: 6 },
        graph: { type: 'GraphProto', id: 7 },
        opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
        metadata_props: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
      },
    },
  },
});
const ModelProto = root.lookupType('ModelProto');

export interface OnnxMetadata {
  irVersion: number;
  opset: number;
  opsets: Record<string, number>;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  properties: Record<string, string>;
  /** Files (relative to the model) that hold weights outside the .onnx file, as the exporter wrote them. */
  externalDataFiles: string[];
}

interface RawModelProto {
  ir_version?: number;
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: number;
  doc_string?: string;
  opset_import?: { domain?: string; version?: number }[];
  metadata_props?: { key?: string; value?: string }[];
  graph?: { initializer?: { external_data?: { key?: string; value?: string }[]; data_location?: number }[] };
}

/** Decodes the header of an ONNX file's bytes; throws ModelCorruptError when they are not a ModelProto. */
export function readOnnxMetadata(bytes: Uint8Array, source: string): OnnxMetadata {
  let raw: RawModelProto;
  try {
    raw = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: true }) as RawModelProto;
  } catch (error) {
    throw new ModelCorruptError(`${source}: not a readable ONNX file (${(error as Error).message})`, { cause: error });
  }
  const opsets: Record<string, number> = {};
  for (const entry of raw.opset_import ?? []) opsets[entry.domain || 'ai.onnx'] = Number(entry.version ?? 0);
  if (!raw.ir_version || Object.keys(opsets).length === 0) {
    throw new ModelCorruptError(`${source}: not a readable ONNX file (no IR version or opset)`);
  }
  return {
    irVersion: Number(raw.ir_version),
    opset: opsets['ai.onnx'] ?? 0,
    opsets,
    producerName: raw.producer_name ?? '',
    producerVersion: raw.producer_version ?? '',
    domain: raw.domain ?? '',
    modelVersion: Number(raw.model_version ?? 0),
    docString: raw.doc_string ?? '',
    properties: Object.fromEntries((raw.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
    externalDataFiles: externalDataFiles(raw, source),
  };
}

const EXTERNAL = 1;

function externalDataFiles(raw: RawModelProto, source: string): string[] {
  const files = new Set<string>();
  for (const tensor of raw.graph?.initializer ?? []) {
    if (tensor.data_location !== EXTERNAL) continue;
    const location = tensor.external_data?.find((e) => e.key === 'location')?.value;
    if (!location) throw new ModelCorruptError(`${source}: a weight is marked as external data but names no file`);
    // Kept as written, as onnxruntime reads it; whether it stays inside the model's folder is
    // contained-path.ts's rule, checked where the file is resolved.
    files.add(location);
  }
  return [...files];
}
