/** Loads the model behind a batcher and warms it with one call, so the first request is not slow. */
import type { Sample } from '../../../main/inference/batch.ts';
import { Predictor, type ModelLoader } from '../../../main/inference/predictor.ts';
import { typedData } from '../../../main/inference/tensor-from-json.ts';
import type { Manifest } from '../../../main/manifest.ts';
import type { Loaded } from './app.ts';
import { Batcher } from './batcher.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { BLANK_PNG_BASE64, sampleShape } from './openapi-model.ts';

/** A sample of zeros for every input (dynamic dimensions become 1). */
export function zeroSample(manifest: Manifest): Sample {
  const sample: Sample = {};
  for (const spec of manifest.signature.inputs) {
    const dims = sampleShape(manifest, spec).map((d) => (d < 0 ? 1 : d));
    const count = dims.reduce((a, b) => a * b, 1);
    const fill = spec.dtype === 'string' ? '' : spec.dtype === 'bool' ? false : 0;
    sample[spec.name] = { dtype: spec.dtype, dims, data: typedData(spec.dtype, new Array(count).fill(fill), spec.name) };
  }
  return sample;
}

/** The warm-up call's sample for a model that takes pictures (the server decodes it in a codec worker). */
export type WarmSample = (predictor: Predictor) => Promise<Sample>;

/**
 * Opens the project's model, starts its batcher and runs one warm-up call (a failure there is only
 * logged). `imageSample` keeps the codec, and so sharp, out of this thread when a codec pool has it.
 * `loader` is where the model runs (inference/settings.ts).
 */
export async function loadModel(
  projectDir: string,
  metrics: Metrics,
  log: Logger,
  loader: ModelLoader,
  imageSample?: WarmSample,
): Promise<Loaded> {
  const started = performance.now();
  const predictor = await Predictor.open(projectDir, {}, loader);
  const { server } = predictor.manifest;
  const batcher = new Batcher(
    (samples) => predictor.runSamples(samples),
    { maxBatchSize: server.max_batch_size, maxWaitMs: server.max_wait_ms, maxQueue: server.max_queue },
    metrics,
  );
  try {
    const sample =
      predictor.manifest.input.kind !== 'image'
        ? zeroSample(predictor.manifest)
        : imageSample
          ? await imageSample(predictor)
          : await predictor.sampleFromImage(Buffer.from(BLANK_PNG_BASE64, 'base64'));
    await predictor.runSamples([sample]);
  } catch (error) {
    log.event('warn', 'the warm-up call failed; serving anyway', { error: error instanceof Error ? error.message : String(error) });
  }
  log.event('info', 'model loaded', {
    model: predictor.manifest.name,
    version: predictor.manifest.version,
    ms: Math.round(performance.now() - started),
  });
  return { predictor, batcher };
}
