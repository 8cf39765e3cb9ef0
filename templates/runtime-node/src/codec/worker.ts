/** A codec worker thread: decodes and encodes one picture at a time, off the server's event loop. */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CraneError } from '../../../../main/errors.ts';
import { encodeImage } from '../../../../main/codec/image-codec.ts';
import sharp from '../../../../main/codec/sharp.ts';
import { previewDataUrl } from '../../../../main/codec/preview-png.ts';
import { heapFreeBytes } from '../heap-free.ts';
import { ownBuffer, type CodecReply, type CodecTask } from './protocol.ts';

// One libvips thread per worker: the pool already has one worker per CPU.
sharp.concurrency(1);
// Linux keeps a nice value per thread: the codec's JavaScript yields the CPU to the event loop
// (health checks, answers) when both want it.
try {
  os.setPriority(0, Math.min(19, os.getPriority(0) + 4));
} catch {
  // Not permitted or not supported: run at the same priority.
}

const port = parentPort!;

async function handle(task: CodecTask): Promise<void> {
  try {
    const encoded = await encodeImage(task.bytes, task.codec, task.maxPixels);
    const preview = task.preview ? await previewDataUrl(encoded) : undefined;
    const data = ownBuffer(encoded.data, (a) => a.slice());
    const pixels = ownBuffer(encoded.pixels.data, (a) => a.slice());
    const reply: CodecReply = {
      id: task.id,
      heapFreeBytes: heapFreeBytes(),
      ok: true,
      encoded: { ...encoded, data, pixels: { ...encoded.pixels, data: pixels } },
      preview,
    };
    port.postMessage(reply, [data.buffer as ArrayBuffer, pixels.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const reply: CodecReply = {
      id: task.id,
      heapFreeBytes: heapFreeBytes(),
      ok: false,
      error: { name: e.name, message: e.message, code: error instanceof CraneError ? error.code : undefined },
    };
    port.postMessage(reply);
  }
}

port.on('message', (task: CodecTask) => void handle(task));
