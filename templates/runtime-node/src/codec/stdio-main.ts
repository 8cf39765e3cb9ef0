/**
 * The image codec as a child process of another runtime (the Python runtime's images.py): framed
 * requests on stdin, framed replies on stdout, each picture through the one `encodeImage`.
 *
 * A frame is a 4-byte big-endian header length, a JSON header, then `header.size` bytes.
 * Request header: `{id, size, preview?}`, then the picture's bytes. Reply header: `{id, ok: true, dims,
 * dtype: "float32", size, preview?}` then the sample's little-endian float32 values, or
 * `{id, ok: false, error: {code, message}, size: 0}` (the CraneError's code: UNSUPPORTED_MEDIA,
 * INPUT_TOO_LARGE, INPUT_INVALID; "INTERNAL" for anything else). The first frame out is `{ready: true}`,
 * written once sharp is loaded and a warm-up picture went through.
 * Started as `node codec.mjs <project folder>`: the codec and the pixel limit come from its craneml.json.
 */
import { CraneError } from '../../../../main/errors.ts';
import { encodeImage } from '../../../../main/codec/image-codec.ts';
import { maxImagePixels } from '../../../../main/codec/limits.ts';
import { previewDataUrl } from '../../../../main/codec/preview-png.ts';
import sharp from '../../../../main/codec/sharp.ts';
import { loadManifest, type ImageCodec } from '../../../../main/manifest.ts';

interface Request {
  id: number;
  size: number;
  preview?: boolean;
}

// One libvips thread per child: the parent starts one child per CPU.
sharp.concurrency(1);

function frame(header: object, payload?: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify({ ...header, size: payload?.byteLength ?? 0 }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return payload ? Buffer.concat([length, json, payload]) : Buffer.concat([length, json]);
}

async function answer(request: Request, bytes: Uint8Array, codec: ImageCodec, maxPixels: number): Promise<Buffer> {
  try {
    const encoded = await encodeImage(bytes, codec, maxPixels);
    const preview = request.preview ? await previewDataUrl(encoded) : undefined;
    const data = new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
    return frame({ id: request.id, ok: true, dims: encoded.dims, dtype: 'float32', ...(preview ? { preview } : {}) }, data);
  } catch (error) {
    const known = error instanceof CraneError;
    const message = known ? error.message : 'the image codec failed on this picture';
    if (!known) process.stderr.write(`codec: ${error instanceof Error ? error.message : String(error)}\n`);
    return frame({ id: request.id, ok: false, error: { code: known ? error.code : 'INTERNAL', message } });
  }
}

/** Reads frames from stdin one after the other, answering each before the next (the parent keeps one in flight per child). */
async function serve(codec: ImageCodec, maxPixels: number): Promise<void> {
  // Chunks are joined only once the next step (header length, header, picture) has all its bytes:
  // joining on every chunk would copy a 10 MB picture a hundred times over.
  let chunks: Buffer[] = [];
  let buffered = 0;
  let needed = 4;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= needed) {
      const pending = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
      chunks = [pending];
      const headerLength = pending.readUInt32BE(0);
      if (pending.length < 4 + headerLength) {
        needed = 4 + headerLength;
        continue;
      }
      const request = JSON.parse(pending.subarray(4, 4 + headerLength).toString('utf8')) as Request;
      const end = 4 + headerLength + request.size;
      if (pending.length < end) {
        needed = end;
        continue;
      }
      // A copy: the picture's bytes must not pin the whole read buffer.
      const bytes = Uint8Array.prototype.slice.call(pending, 4 + headerLength, end);
      const rest = pending.subarray(end);
      chunks = rest.length ? [rest] : [];
      buffered = rest.length;
      needed = 4;
      process.stdout.write(await answer(request, bytes, codec, maxPixels));
    }
  }
}

async function main(): Promise<void> {
  const project = process.argv[2];
  if (!project) throw new Error('usage: node codec.mjs <project folder>');
  const manifest = await loadManifest(project);
  if (manifest.input.kind !== 'image') throw new Error(`${project}: the model takes no images (input.kind is "${manifest.input.kind}")`);
  const codec = manifest.input;
  const maxPixels = maxImagePixels(manifest.server, codec);
  // Warm-up: sharp's native parts and the codec's code paths are loaded before the first request.
  const warm = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();
  await encodeImage(warm, codec, maxPixels);
  process.stdout.write(frame({ ready: true }));
  await serve(codec, maxPixels);
}

main().catch((error: unknown) => {
  process.stderr.write(`codec: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
