/** POST /predict: JSON instances, CSV rows, base64 images in JSON, multipart images or a raw PNG/JPEG body, batched. */
import { InputError } from '../../../../main/errors.ts';
import type { Sample } from '../../../../main/inference/batch.ts';
import type { Predictor } from '../../../../main/inference/predictor.ts';
import type { TensorSpec } from '../../../../main/manifest.ts';
import type { App } from '../app.ts';
import { mediaType, readBody } from '../../../../main/http/body.ts';
import { predictJsonBodySchema } from '../../../../main/shared/http-contract.ts';
import { HttpError } from '../../../../main/http/http-errors.ts';
import { fastNested } from '../fast-tensor.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';
import { readImageParts } from '../multipart.ts';
import { samplesFromImages } from '../codec/images.ts';
import { withDeadline } from '../codec/deadline.ts';
import { describeIssue, parseJson } from '../json.ts';
import { CSV_TYPE, csvAnswer, echoInstances, prefersCsv, type EchoRows } from '../../../../main/inference/csv-answer.ts';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg']);
const MAX_IMAGES = 256;
/** Generic types a PNG or JPEG often arrives with (curl --data-binary sends form-urlencoded); read by content. */
const FORM_TYPE = 'application/x-www-form-urlencoded';
const SNIFFED_TYPES = new Set(['application/octet-stream', FORM_TYPE]);
const SUPPORTED = 'send application/json, text/csv (a table), multipart/form-data, image/png or image/jpeg';

type InputCode = 'INPUT_INVALID' | 'INPUT_TOO_LARGE' | 'UNSUPPORTED_MEDIA';

/** A request's samples, and for a CSV answer its rows as sent. */
interface Collected {
  samples: Sample[];
  echo?: EchoRows;
}

/** Adds "image 2: " or "instance 5: " to a failing item's message when a request has several. */
function relabel(what: string, index: number, count: number, error: unknown): unknown {
  if (count > 1 && error instanceof InputError)
    return new InputError(`${what} ${index}: ${error.message}`, { code: error.code as InputCode });
  return error;
}

/** With `?preview=true`, each image's codec output (the picture the model sees) goes into `previews`. */
async function fromImages(exchange: Exchange, app: App, predictor: Predictor, images: Buffer[], previews?: string[]): Promise<Sample[]> {
  const relabelImage = (i: number, error: unknown): unknown => relabel('image', i, images.length, error);
  if (app.codec) return samplesFromImages(app.codec, predictor, images, exchange.start, relabelImage, previews);
  // A model that takes tensors: the predictor says so.
  return Promise.all(
    images.map((bytes, i) => predictor.sampleFromImage(bytes).catch((error: unknown) => Promise.reject(relabelImage(i, error)))),
  );
}

function checkCount(count: number, what: string, max: number): void {
  if (count === 0) throw new InputError(`${what} is empty: send at least one`);
  if (count > max) throw new HttpError(413, 'INPUT_TOO_LARGE', `${count} ${what} in one request; the limit is ${max}`);
}

function base64Image(text: string): Buffer {
  const payload = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  return Buffer.from(payload, 'base64');
}

async function fromJson(exchange: Exchange, app: App, predictor: Predictor, body: Buffer, csv: boolean): Promise<Collected> {
  const parsed = predictJsonBodySchema.safeParse(parseJson(body));
  if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', describeIssue(parsed.error));
  const { instances, image, images } = parsed.data;
  const max = app.manifest.server.max_queue;
  if (instances) {
    checkCount(instances.length, 'instances', max);
    const fast = fastInput(predictor);
    const samples = instances.map((instance, i) => {
      const tensor = fast && fastNested(fast.spec, fast.shape, instance);
      if (tensor) return { [fast.spec.name]: tensor };
      try {
        return predictor.sampleFromInstance(instance);
      } catch (error) {
        throw relabel('instance', i, instances.length, error);
      }
    });
    return { samples, echo: csv && predictor.table ? echoInstances(predictor.table.columns, instances) : undefined };
  }
  const encoded = images ?? [image!];
  checkCount(encoded.length, 'images', Math.min(max, MAX_IMAGES));
  return { samples: await fromImages(exchange, app, predictor, encoded.map(base64Image)) };
}

/** The one input and its fixed sample shape, when instances can take the fast path (a table's rows take their own). */
function fastInput(predictor: Predictor): { spec: TensorSpec; shape: number[] } | undefined {
  const inputs = predictor.manifest.signature.inputs;
  if (inputs.length !== 1 || predictor.table) return undefined;
  const shape = predictor.sampleShape(inputs[0]!);
  return shape.length > 0 && shape.every((d) => d >= 0) ? { spec: inputs[0]!, shape } : undefined;
}

function looksLikeJsonObject(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte === 0x7b;
  return false;
}

function looksLikeImage(body: Buffer): boolean {
  return (body[0] === 0x89 && body[1] === 0x50) || (body[0] === 0xff && body[1] === 0xd8);
}

/** The samples of one request, whatever form it came in; `csv`: the answer will be CSV, so keep the rows. */
async function samplesOf(exchange: Exchange, app: App, predictor: Predictor, csv: boolean, previews?: string[]): Promise<Collected> {
  const { req } = exchange;
  const type = mediaType(req.headers['content-type']);
  const limit = app.manifest.server.max_body_bytes;
  const pictures = async (images: Buffer[]): Promise<Collected> => ({
    samples: await fromImages(exchange, app, predictor, images, previews),
  });
  if (type === 'multipart/form-data') {
    return pictures(
      await readImageParts(req, { maxBytes: limit, maxFiles: Math.min(app.manifest.server.max_queue, MAX_IMAGES) }, exchange),
    );
  }
  if (IMAGE_TYPES.has(type)) return pictures([await readBody(req, limit, exchange)]);
  if (type === CSV_TYPE) return predictor.samplesFromCsv(await readBody(req, limit, exchange));
  if (SNIFFED_TYPES.has(type)) {
    const body = await readBody(req, limit, exchange);
    if (looksLikeImage(body)) return pictures([body]);
    // curl -d '{"instances": ...}' sends JSON with the form type.
    if (type === FORM_TYPE && looksLikeJsonObject(body)) return fromJson(exchange, app, predictor, body, csv);
    throw new HttpError(415, 'UNSUPPORTED_MEDIA', `the ${type} body is neither a PNG or JPEG picture nor JSON: ${SUPPORTED}`);
  }
  if (type === 'application/json' || type === '' || type.endsWith('+json')) {
    const body = await readBody(req, limit, exchange);
    if (type === '' && looksLikeImage(body)) return pictures([body]);
    return fromJson(exchange, app, predictor, body, csv);
  }
  const hint = type.startsWith('image/') ? 'images must be PNG or JPEG' : SUPPORTED;
  throw new HttpError(415, 'UNSUPPORTED_MEDIA', `Content-Type "${type.slice(0, 80)}" is not supported: ${hint}`);
}

/** A request whose body is pictures by its Content-Type (JSON may hold tensors, so it is priced after reading). */
function sendsPictures(exchange: Exchange): boolean {
  const type = mediaType(exchange.req.headers['content-type']);
  return IMAGE_TYPES.has(type) || type === 'multipart/form-data';
}

function wantsPreview(url: string | undefined): boolean {
  const query = url?.indexOf('?') ?? -1;
  return query >= 0 && new URLSearchParams(url!.slice(query + 1)).get('preview') === 'true';
}

/** POST /predict */
export async function predict(exchange: Exchange, app: App): Promise<void> {
  const { predictor, batcher } = app.require();
  const previews = wantsPreview(exchange.req.url) ? [] : undefined;
  // Pictures while the codec queue is full are refused before their bodies are read: a refusal must cost little.
  if (app.codec && sendsPictures(exchange)) app.codec.budget.checkWait(app.codec.pool.expectedWaitMs);
  // A table's rows may be answered as CSV: the request's columns, then the prediction's.
  const csv = predictor.table !== undefined && prefersCsv(exchange.req.headers.accept);
  let echo: EchoRows | undefined;
  const { samples, outputs } = await withDeadline(
    batcher.collect(async () => {
      const collected = await samplesOf(exchange, app, predictor, csv, previews);
      echo = collected.echo;
      return predictor.checkRequest(collected.samples);
    }),
    exchange.start,
    app.codec?.deadlineMs,
  );
  exchange.samples = samples.length;
  const fromCsv = mediaType(exchange.req.headers['content-type']) === CSV_TYPE;
  predictor.refuseUnfilledGaps(samples, outputs, fromCsv ? (row) => `CSV row ${row + 1}` : undefined);
  // A table's answer depends on Accept, which caches must know (beside CORS's Origin).
  const origin = exchange.baseHeaders.Vary;
  const vary = predictor.table ? { Vary: origin ? `${origin}, Accept` : 'Accept' } : undefined;
  if (csv && echo) return exchange.send(200, `${CSV_TYPE}; charset=utf-8`, csvAnswer(app.manifest, echo, outputs), vary);
  const predictions = predictor.toPredictions(outputs);
  const extra = previews?.length ? `,"previews":${JSON.stringify(previews)}` : '';
  exchange.json(200, `{"predictions":${JSON.stringify(predictions)},"model":${app.modelJson}${extra}}`, vary);
}
