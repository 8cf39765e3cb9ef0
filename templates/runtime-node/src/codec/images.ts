/**
 * The pictures of one request through the codec pool: each header read first (size refused or
 * priced before anything is decoded), the request admitted against the work budget, then at most
 * a few of its pictures decoded at once, within the request's deadline.
 */
import { maxImagePixels } from '../../../../main/codec/limits.ts';
import { probeHeader } from '../../../../main/codec/probe-header.ts';
import { InputError } from '../../../../main/errors.ts';
import type { Sample } from '../../../../main/inference/batch.ts';
import type { Predictor } from '../../../../main/inference/predictor.ts';
import type { ImageCodec } from '../../../../main/manifest.ts';
import { pictureCost, type WorkBudget } from './admission.ts';
import type { CodecPool } from './pool.ts';

/** Pictures of one request decoded at the same time (a request with 200 pictures does not take every worker). */
export const PICTURES_AT_ONCE = 2;

export interface CodecService {
  pool: CodecPool;
  budget: WorkBudget;
  /** Longest a request's decoding and inference may take. */
  deadlineMs: number;
}

export type Relabel = (index: number, error: unknown) => unknown;

function imageCodecOf(predictor: Predictor): ImageCodec {
  const codec = predictor.manifest.input;
  if (codec.kind !== 'image')
    throw new InputError(`model "${predictor.manifest.name}" takes tensors, not images; send {"instances": [...]}`, {
      code: 'UNSUPPORTED_MEDIA',
    });
  return codec;
}

/** The pixels of each picture from its header (0 when unreadable: the worker says why), refusing any over the limit. */
function pixelsOf(images: Uint8Array[], maxPixels: number, relabel: Relabel): number[] {
  return images.map((bytes, i) => {
    const size = probeHeader(bytes);
    if (!size) return 0;
    if (size.width * size.height > maxPixels)
      throw relabel(
        i,
        new InputError(`the image is ${size.width}x${size.height} pixels, more than the limit of ${maxPixels}`, {
          code: 'INPUT_TOO_LARGE',
        }),
      );
    return size.width * size.height;
  });
}

/**
 * One sample per picture, in order; `previews[i]` gets picture i's codec output when asked for.
 * @example const samples = await samplesFromImages(service, predictor, [png], started, relabel);
 */
export async function samplesFromImages(
  service: CodecService,
  predictor: Predictor,
  images: Uint8Array[],
  started: number,
  relabel: Relabel,
  previews?: string[],
): Promise<Sample[]> {
  const codec = imageCodecOf(predictor);
  const maxPixels = maxImagePixels(predictor.manifest.server, codec);
  const pixels = pixelsOf(images, maxPixels, relabel);
  const each = images.map(pictureCost);
  const heaviest = [...each].sort((a, b) => b - a);
  let atOnce = Math.min(PICTURES_AT_ONCE, images.length);
  const costOf = (count: number): number => heaviest.slice(0, count).reduce((a, b) => a + b, 0);
  // Pictures that the memory cannot decode side by side are decoded one after the other.
  if (costOf(atOnce) > service.budget.maxCost) atOnce = 1;
  const release = service.budget.admit(costOf(atOnce), service.pool.expectedWaitMs);
  const deadline = started + service.deadlineMs;
  const samples: Sample[] = new Array(images.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < images.length) {
      const i = next++;
      try {
        const { encoded, preview } = await service.pool.run({
          bytes: images[i]!,
          codec,
          maxPixels,
          preview: previews !== undefined,
          pixels: pixels[i],
          deadline,
        });
        if (previews && preview) previews[i] = preview;
        samples[i] = predictor.sampleFromEncoded(encoded);
      } catch (error) {
        failed = true;
        throw relabel(i, error);
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: atOnce }, lane));
  release();
  const failure = lanes.find((lane) => lane.status === 'rejected');
  if (failure) throw failure.reason;
  return samples;
}
