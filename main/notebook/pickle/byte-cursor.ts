/** Reads a pickle's bytes front to back, refusing to read past the end (a truncated file) with the offset. */
import { ModelCorruptError } from '../../errors.ts';

/** What the cursor reports when the bytes end before what they promise. */
export class TruncatedPickle extends ModelCorruptError {}

/**
 * A position in a buffer and the reads a pickle's opcodes take; every read checks what remains, so a
 * length field claiming gigabytes costs nothing.
 * @example const cursor = new ByteCursor(bytes, 'model.pkl'); cursor.u8() // 0x80
 */
export class ByteCursor {
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** The file as the user named it, for messages. */
    readonly source: string,
    /** Where these bytes start in what the user gave, for messages (0 unless decompressed). */
    readonly label = '',
  ) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** An error naming this position. */
  corrupt(what: string, at = this.pos): ModelCorruptError {
    return new ModelCorruptError(`${this.source}: not a complete pickle: ${what} at byte ${at}${this.label}`);
  }

  private need(count: number, what: string): number {
    if (count > this.remaining) {
      const where = what === 'an opcode' ? 'before its STOP' : `inside ${what}, which needs ${count} bytes from byte ${this.pos}`;
      throw new TruncatedPickle(`${this.source}: not a complete pickle: it ends at byte ${this.bytes.length}${this.label}, ${where}`);
    }
    const at = this.pos;
    this.pos += count;
    return at;
  }

  u8(what = 'an opcode'): number {
    return this.bytes[this.need(1, what)]!;
  }

  u16(what: string): number {
    const at = this.need(2, what);
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }

  u32(what: string): number {
    const at = this.need(4, what);
    return (this.bytes[at]! | (this.bytes[at + 1]! << 8) | (this.bytes[at + 2]! << 16)) + this.bytes[at + 3]! * 0x1000000;
  }

  i32(what: string): number {
    const value = this.u32(what);
    return value >= 0x80000000 ? value - 0x100000000 : value;
  }

  /** An unsigned 64-bit length; one past 2^53 cannot fit in any file, so it is reported as truncation. */
  u64(what: string): number {
    const low = this.u32(what);
    const high = this.u32(what);
    return high >= 0x200000 ? Number.MAX_SAFE_INTEGER : high * 0x100000000 + low;
  }

  f64be(what: string): number {
    const at = this.need(8, what);
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + at, 8).getFloat64(0, false);
  }

  /** A view of the next `count` bytes, never a copy. */
  take(count: number, what: string): Uint8Array {
    const at = this.need(count, what);
    return this.bytes.subarray(at, at + count);
  }

  skip(count: number, what: string): void {
    this.need(count, what);
  }

  /** The bytes up to the next newline (which is consumed), as text opcodes write their arguments. */
  line(what: string): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) this.need(this.remaining + 1, what);
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, end - this.pos).toString('utf8');
    this.pos = end + 1;
    return text;
  }
}
