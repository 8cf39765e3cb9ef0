/** A notebook model (scikit-learn, XGBoost, LightGBM file) as a ModelInfo: read on the host, converted in a container, inspected as ONNX. */
import path from 'node:path';
import { CraneError, ModelFormatError } from '../errors.ts';
import type { LoadedModel, ModelInfo, NotebookModel } from '../formats/types.ts';
import type { ConversionRecord, ConverterReport } from '../shared/conversion-schema.ts';
import { convertSource } from './convert-source.ts';
import { parityLine } from './parity-line.ts';
import { readSourceFacts } from './source-facts.ts';
import type { ConvertOptions, SourceFacts } from './types.ts';

type PassedReport = Extract<ConverterReport, { ok: true }>;

function conversionRecord(facts: SourceFacts, report: PassedReport, seconds: number): ConversionRecord {
  return {
    source: {
      file: path.basename(facts.file),
      sha256: facts.sha256,
      bytes: facts.bytes,
      kind: facts.kind,
      library: facts.library,
      library_version: facts.versions[facts.library] ?? report.model.library_version,
      estimator: report.model.estimator,
    },
    converter: report.converter,
    parity: report.parity,
    seconds,
  };
}

function notebookOf(facts: SourceFacts, report: PassedReport, seconds: number): NotebookModel {
  return {
    columns: report.columns,
    task: report.model.task,
    classes: report.model.task === 'classification' ? report.model.classes : undefined,
    scoreOutput: report.onnx.score_output,
    conversion: conversionRecord(facts, report, seconds),
  };
}

/** What `inspect` lists of a conversion, after the ONNX model's own metadata. */
function notebookMetadata(record: ConversionRecord): Record<string, string | number> {
  const { source, converter } = record;
  return {
    source: `${source.file} (${source.kind})`,
    library: source.library_version ? `${source.library} ${source.library_version}` : source.library,
    estimator: source.estimator,
    converter: `${converter.name} ${converter.version}`,
    parity: parityLine(record.parity),
  };
}

/** Where a model no converter takes can go: said only as what it is, a plan (issue 22). */
const FALLBACK = 'a Python runtime for models the converters cannot take is planned (CraneML issue 22)';

/** A failed conversion's error, pointing to the fallback for models the converters cannot take. */
function withFallback(error: unknown): unknown {
  if (!(error instanceof CraneError) || error.code !== 'CONVERSION_FAILED') return error;
  return new CraneError('CONVERSION_FAILED', `${error.message}; ${FALLBACK}`, { cause: error });
}

/**
 * Reads a notebook model's file (nothing in it runs here), converts it to ONNX in a throwaway
 * container (cached per file) and describes the converted model.onnx, with how to serve it by column.
 * @example const info = await inspectNotebook('cancer.joblib', { onProgress: (e) => console.error(`${e.step}: ${e.message}`) });
 */
export async function inspectNotebook(file: string, options: ConvertOptions = {}): Promise<ModelInfo> {
  const facts = await readSourceFacts(file);
  if (!facts) throw new ModelFormatError(`${file}: not a scikit-learn, XGBoost or LightGBM model file CraneML can read`);
  const converted = await convertSource(facts, options).catch((error: unknown) => {
    throw withFallback(error);
  });
  const { inspectOnnx } = await import('../formats/onnx.ts');
  const onnx = await inspectOnnx(converted.onnxFile);
  const notebook = notebookOf(facts, converted.report, converted.seconds);
  return { ...onnx, metadata: { ...onnx.metadata, ...notebookMetadata(notebook.conversion) }, notebook };
}

/** Converts (or takes from the cache) a notebook model and loads its ONNX model in this process. */
export async function loadNotebook(file: string, options: ConvertOptions = {}): Promise<LoadedModel> {
  const info = await inspectNotebook(file, options);
  const { loadOnnx } = await import('../formats/onnx.ts');
  const model = await loadOnnx(info.entry);
  return { info, run: (feeds) => model.run(feeds), dispose: () => model.dispose() };
}
