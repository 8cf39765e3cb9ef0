import { describe, expect, it } from 'vitest';
import { demuxLogs, LogDemuxer } from '../../../main/docker/log-demux.ts';

function frame(stream: 1 | 2, text: string): Buffer {
  const data = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

describe('log demultiplexer', () => {
  it('separates stdout and stderr frames in order', () => {
    const chunks = demuxLogs(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]));
    expect(chunks.map((c) => [c.stream, c.data.toString()])).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\n'],
    ]);
  });

  it('reassembles frames split anywhere, including inside the 8-byte header', () => {
    const all = Buffer.concat([frame(2, 'ünïcode error\n'), frame(1, 'x'.repeat(300))]);
    for (const size of [1, 3, 8, 9, 50]) {
      const demux = new LogDemuxer();
      const out: string[] = [];
      for (let i = 0; i < all.length; i += size)
        for (const c of demux.push(all.subarray(i, i + size))) out.push(`${c.stream}:${c.data.toString()}`);
      expect(out.join('')).toBe(`stderr:ünïcode error\nstdout:${'x'.repeat(300)}`);
      expect(demux.pending).toBe(0);
    }
  });

  it('keeps an unfinished frame pending', () => {
    const demux = new LogDemuxer();
    expect(demux.push(frame(1, 'hello').subarray(0, 10))).toEqual([]);
    expect(demux.pending).toBe(10);
  });
});
