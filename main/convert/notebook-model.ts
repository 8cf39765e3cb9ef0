/** A notebook model (scikit-learn, XGBoost, LightGBM file) as a ModelInfo: read on the host, converted in a container, inspected as ONNX. */
import path from 'node:path';
import { ModelFormatError } from '../errors.ts';
import type { LoadedModel, ModelInfo, NotebookModel } from '../formats/types.ts';
import type { ConversionRecord, ConverterReport } from '../shared/conversion-schema.ts';
import { pythonNotInProcess } from '../python-project/not-in-process.ts';
import { ConversionFailedError, convertSource, failureReason } from './convert-source.ts';
import { parityLine } from '../shared/parity-line.ts';
import { readSourceFacts } from '../notebook/source-facts.ts';
import type { ConvertOptions, SourceFacts } from '../notebook/types.ts';

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

/**
 * The Python runtime's ModelInfo for a file whose conversion failed after it was described, or
 * undefined (the failure stands) when it failed earlier or the fallback was refused.
 */
async function pythonFallback(facts: SourceFacts, error: unknown, options: ConvertOptions): Promise<ModelInfo | undefined> {
  if (!(error instanceof ConversionFailedError) || options.pythonFallback === false) return undefined;
  const { canFallBack, pickleFallbackInfo } = await import('./pickle-fallback.ts');
  if (!canFallBack(error.report)) return undefined;
  return pickleFallbackInfo(facts, error.report, failureReason(facts, error.report));
}

/**
 * Reads a notebook model's file (nothing in it runs here), converts it to ONNX in a throwaway
 * container (cached per file) and describes the converted model.onnx, with how to serve it by column.
 * When the conversion or its parity fails after the model was described, the Python runtime serves
 * the file itself (its ModelInfo has `python`, with the failure as the reason).
 * @example const info = await inspectNotebook('cancer.joblib', { onProgress: (e) => console.error(`${e.step}: ${e.message}`) });
 */
export async function inspectNotebook(file: string, options: ConvertOptions = {}): Promise<ModelInfo> {
  const facts = await readSourceFacts(file);
  if (!facts) throw new ModelFormatError(`${file}: not a scikit-learn, XGBoost or LightGBM model file CraneML can read`);
  let converted;
  try {
    converted = await convertSource(facts, options);
  } catch (error) {
    const fallback = await pythonFallback(facts, error, options);
    if (fallback) return fallback;
    throw error;
  }
  const { inspectOnnx } = await import('../formats/onnx.ts');
  const onnx = await inspectOnnx(converted.onnxFile);
  const notebook = notebookOf(facts, converted.report, converted.seconds);
  return { ...onnx, metadata: { ...onnx.metadata, ...notebookMetadata(notebook.conversion) }, notebook };
}

/** Converts (or takes from the cache) a notebook model and loads its ONNX model in this process. */
export async function loadNotebook(file: string, options: ConvertOptions = {}): Promise<LoadedModel> {
  const info = await inspectNotebook(file, options);
  if (info.python) throw pythonNotInProcess(file);
  const { loadOnnx } = await import('../formats/onnx.ts');
  const model = await loadOnnx(info.entry);
  return { info, run: (feeds) => model.run(feeds), dispose: () => model.dispose() };
}
