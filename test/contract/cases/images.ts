/**
 * The contract's image cases, for any runtime serving a model that takes pictures: a picture, however
 * it is sent (raw PNG/JPEG body, multipart, base64 in JSON), is answered exactly as the tensor the one
 * codec (main/codec/image-codec.ts, run here in-process) makes of it, sent as a JSON instance; the
 * preview is the codec's; a picture the codec refuses gets the status and code its error maps to.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { encodeImage, type EncodedImage } from '../../../main/codec/image-codec.ts';
import { maxImagePixels } from '../../../main/codec/limits.ts';
import { previewDataUrl } from '../../../main/codec/preview-png.ts';
import sharp from '../../../main/codec/sharp.ts';
import { toHttpError } from '../../../main/http/http-errors.ts';
import { loadManifest, type ImageCodec } from '../../../main/manifest.ts';
import { encodeRaw, rectangle } from '../../helpers/images.ts';

/** Hand-drawn digits (280x280 canvas PNGs) committed with the example. */
export const DIGIT_SAMPLES = path.resolve('assets/examples/digits/samples');

export interface ImageContractContext {
  /** The server's base URL (filled in before the cases run). */
  url: string;
  /** The project it serves: its craneml.json says the codec and the pixel limit. */
  project: string;
}

export interface Answer {
  status: number;
  body: { predictions?: unknown[]; previews?: string[]; error?: { code: string; message: string } };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer['body'] };
}

export async function postBody(url: string, body: BodyInit, type?: string): Promise<Answer> {
  return answerOf(await fetch(`${url}/predict`, { method: 'POST', body, headers: type ? { 'Content-Type': type } : {} }));
}

/** Pictures as a multipart/form-data body, each a file in the field "image". */
export async function postForm(url: string, pictures: Buffer[], query = ''): Promise<Answer> {
  const form = new FormData();
  pictures.forEach((bytes, i) => form.append('image', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `picture-${i}.png`));
  return answerOf(await fetch(`${url}/predict${query}`, { method: 'POST', body: form }));
}

/** The codec's sample as nested arrays of its dims (a JSON instance of the model's input). */
export function nestedSample(encoded: EncodedImage): unknown {
  let level: unknown[] = Array.from(encoded.data);
  for (const size of [...encoded.dims].slice(1).reverse()) {
    const rows: unknown[] = [];
    for (let i = 0; i < level.length; i += size) rows.push(level.slice(i, i + size));
    level = rows;
  }
  return level;
}

/** The codec of a project and its pixel limit, as the server reads them. */
export async function codecOf(project: string): Promise<{ codec: ImageCodec; maxPixels: number }> {
  const manifest = await loadManifest(project);
  if (manifest.input.kind !== 'image') throw new Error(`${project} takes no images`);
  return { codec: manifest.input, maxPixels: maxImagePixels(manifest.server, manifest.input) };
}

/** The pictures the cases send: a drawn digit, the same as JPEG, a drawing with transparency, a grey rectangle. */
export async function testPictures(): Promise<Record<string, Buffer>> {
  const seven = await readFile(path.join(DIGIT_SAMPLES, '7.png'));
  const three = await readFile(path.join(DIGIT_SAMPLES, '3.png'));
  const jpeg = await sharp(seven).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
  // Dark ink on a transparent ground, as a canvas exports a drawing.
  const rgba = new Uint8Array(120 * 90 * 4);
  const box = rectangle(120, 90, { x: 40, y: 20, w: 25, h: 50 });
  box.forEach((v, i) => rgba.set(v === 0 ? [20, 20, 20, 255] : [0, 0, 0, 0], i * 4));
  return {
    seven,
    three,
    jpeg,
    rgba: await encodeRaw(rgba, 120, 90, 4),
    rectangle: await encodeRaw(rectangle(64, 64, { x: 10, y: 8, w: 30, h: 44 }, 250, 10), 64, 64, 1),
  };
}

/** Registers the image cases; `context` is read inside the tests only. */
export function describeImageCases(context: ImageContractContext): void {
  const expected = async (picture: Buffer): Promise<{ encoded: EncodedImage; answer: Answer }> => {
    const { codec, maxPixels } = await codecOf(context.project);
    const encoded = await encodeImage(picture, codec, maxPixels);
    const answer = await postBody(context.url, JSON.stringify({ instances: [nestedSample(encoded)] }), 'application/json');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return { encoded, answer };
  };

  it('answers a raw PNG, a JPEG, a transparent drawing and a grey picture as their codec tensors sent as JSON', async () => {
    const pictures = await testPictures();
    for (const name of ['seven', 'jpeg', 'rgba', 'rectangle']) {
      const picture = pictures[name]!;
      const { answer } = await expected(picture);
      const type = name === 'jpeg' ? 'image/jpeg' : 'image/png';
      const sent = await postBody(context.url, new Uint8Array(picture), type);
      expect(sent.status, `${name}: ${JSON.stringify(sent.body)}`).toBe(200);
      expect(sent.body.predictions, name).toEqual(answer.body.predictions);
    }
  });

  it('answers two pictures of one multipart form and of base64 JSON in order', async () => {
    const { seven, three } = await testPictures();
    const { codec, maxPixels } = await codecOf(context.project);
    // Both tensors in one request: a model may answer a batch of two a little differently from two of one.
    const instances = await Promise.all([seven!, three!].map(async (p) => nestedSample(await encodeImage(p, codec, maxPixels))));
    const pair = await postBody(context.url, JSON.stringify({ instances }), 'application/json');
    expect(pair.status, JSON.stringify(pair.body)).toBe(200);
    const answers = pair.body.predictions!;
    const form = await postForm(context.url, [seven!, three!]);
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    expect(form.body.predictions).toEqual(answers);
    const json = await postBody(
      context.url,
      JSON.stringify({ images: [seven!.toString('base64'), `data:image/png;base64,${three!.toString('base64')}`] }),
      'application/json',
    );
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.predictions).toEqual(answers);
    // An octet-stream body is read by its content.
    const sniffed = await postBody(context.url, new Uint8Array(seven!), 'application/octet-stream');
    const png = await postBody(context.url, new Uint8Array(seven!), 'image/png');
    expect(sniffed.status, JSON.stringify(sniffed.body)).toBe(200);
    expect(sniffed.body.predictions).toEqual(png.body.predictions);
  });

  it('shows with ?preview=true the picture the model sees, as the codec draws it', async () => {
    const { seven } = await testPictures();
    const { encoded } = await expected(seven!);
    const answer = await postForm(context.url, [seven!], '?preview=true');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.previews).toEqual([await previewDataUrl(encoded)]);
  });

  it("refuses a corrupt PNG with its codec error's status and code, naming the picture of several", async () => {
    const { seven } = await testPictures();
    const corrupt = Buffer.concat([seven!.subarray(0, 40), Buffer.alloc(200, 7)]);
    const { codec, maxPixels } = await codecOf(context.project);
    const refusal = toHttpError(
      await encodeImage(corrupt, codec, maxPixels).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect([415, 422]).toContain(refusal.status);
    const answer = await postBody(context.url, new Uint8Array(corrupt), 'image/png');
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: refusal.status, code: refusal.code });
    const second = await postForm(context.url, [seven!, corrupt]);
    expect(second.status).toBe(refusal.status);
    expect(second.body.error?.message).toMatch(/^image 1: /);
  });

  it('refuses a picture past the pixel limit with 413, and a body that is no picture with 415', async () => {
    const { maxPixels } = await codecOf(context.project);
    const side = Math.ceil(Math.sqrt(maxPixels)) + 1;
    const huge = await sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const big = await postBody(context.url, new Uint8Array(huge), 'image/png');
    expect(big.status, JSON.stringify(big.body)).toBe(413);
    expect(big.body.error?.code).toBe('INPUT_TOO_LARGE');
    for (const [body, type] of [
      ['hello', 'text/plain'],
      ['hello', 'image/png'],
      ['GIF89a', 'image/gif'],
    ] as const) {
      const answer = await postBody(context.url, body, type);
      expect(answer.status, `${type}: ${JSON.stringify(answer.body)}`).toBe(415);
      expect(answer.body.error?.code).toBe('UNSUPPORTED_MEDIA');
    }
  });
}
