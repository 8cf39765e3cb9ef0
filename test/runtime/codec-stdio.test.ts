/**
 * The image codec as the Python runtime's child process (templates/runtime-node/src/codec/stdio-main.ts), run
 * from its sources: frames written back to back, a picture larger than one pipe read among them, each
 * answered in order with the very tensor the in-process codec makes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage } from '../../main/codec/image-codec.ts';
import { maxImagePixels } from '../../main/codec/limits.ts';
import { loadManifest } from '../../main/manifest.ts';

const PROJECT = path.resolve('test/fixtures/python-projects/e2e-image');
const ENTRY = path.resolve('templates/runtime-node/src/codec/stdio-main.ts');

interface Reply {
  header: { id?: number; ok?: boolean; ready?: boolean; dims?: number[]; error?: { code: string } };
  data: Buffer;
}

const child = spawn(process.execPath, ['--import', 'tsx/esm', ENTRY, PROJECT], { stdio: ['pipe', 'pipe', 'inherit'] });
const replies: Reply[] = [];
let waiting: (() => void) | undefined;
let pending = Buffer.alloc(0);
child.stdout.on('data', (chunk: Buffer) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4) {
    const length = pending.readUInt32BE(0);
    if (pending.length < 4 + length) return;
    const header = JSON.parse(pending.subarray(4, 4 + length).toString('utf8')) as Reply['header'] & { size: number };
    if (pending.length < 4 + length + header.size) return;
    replies.push({ header, data: pending.subarray(4 + length, 4 + length + header.size) });
    pending = pending.subarray(4 + length + header.size);
    waiting?.();
  }
});

async function replyCount(count: number): Promise<void> {
  while (replies.length < count) await new Promise<void>((resolve) => (waiting = resolve));
}

function frame(id: number, bytes: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify({ id, size: bytes.length }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, bytes]);
}

beforeAll(() => replyCount(1), 60_000);
afterAll(() => void child.kill());

describe('the codec child process', () => {
  it('says it is ready, then answers frames sent back to back, a 3 MB picture among them, in order and exactly', async () => {
    expect(replies[0]!.header.ready).toBe(true);
    // A white sheet with a dark stroke, saved without compression: several pipe reads long.
    const big = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#ffffff' } })
      .composite([
        { input: Buffer.from('<svg width="1024" height="1024"><path d="M300 200 L700 800" stroke="black" stroke-width="60"/></svg>') },
      ])
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(3_000_000);
    const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ffffff' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="64" height="64"><circle cx="32" cy="32" r="18" stroke="black" stroke-width="6" fill="none"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    child.stdin.write(Buffer.concat([frame(1, big), frame(2, Buffer.from('not a picture')), frame(3, small)]));
    await replyCount(4);

    const manifest = await loadManifest(PROJECT);
    if (manifest.input.kind !== 'image') throw new Error('the fixture takes pictures');
    const maxPixels = maxImagePixels(manifest.server, manifest.input);
    const [first, refused, third] = replies.slice(1);
    expect([first!.header.id, refused!.header.id, third!.header.id]).toEqual([1, 2, 3]);
    expect(refused!.header).toMatchObject({ ok: false, error: { code: expect.stringMatching(/UNSUPPORTED_MEDIA|INPUT_INVALID/) } });
    for (const [reply, picture] of [
      [first!, big],
      [third!, small],
    ] as const) {
      const expected = await encodeImage(picture, manifest.input, maxPixels);
      expect(reply.header).toMatchObject({ ok: true, dims: expected.dims });
      const got = new Float32Array(reply.data.buffer.slice(reply.data.byteOffset, reply.data.byteOffset + reply.data.byteLength));
      expect(Array.from(got)).toEqual(Array.from(expected.data));
    }
  }, 60_000);
});
