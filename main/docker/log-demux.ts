/** Splits Docker's multiplexed log stream (8-byte frame headers) into stdout and stderr chunks. */

export interface LogChunk {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

const HEADER = 8;

/**
 * Frames may be split anywhere across chunks (even inside a header); incomplete data is held.
 * Header: byte 0 = stream (1 stdout, 2 stderr; 0 stdin is treated as stdout), bytes 4-7 = size.
 * @example
 * const demux = new LogDemuxer();
 * demux.push(chunk).forEach(({ stream, data }) => process[stream].write(data));
 */
export class LogDemuxer {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): LogChunk[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: LogChunk[] = [];
    while (this.buffer.length >= HEADER) {
      const size = this.buffer.readUInt32BE(4);
      if (this.buffer.length < HEADER + size) break;
      const stream = this.buffer[0] === 2 ? 'stderr' : 'stdout';
      out.push({ stream, data: this.buffer.subarray(HEADER, HEADER + size) });
      this.buffer = this.buffer.subarray(HEADER + size);
    }
    return out;
  }

  /** Bytes left over from a truncated last frame. */
  get pending(): number {
    return this.buffer.length;
  }
}

/** Demultiplexes a whole (non-follow) log buffer into text per stream, in order. */
export function demuxLogs(buffer: Buffer): LogChunk[] {
  return new LogDemuxer().push(buffer);
}
