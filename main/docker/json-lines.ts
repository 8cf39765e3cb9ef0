/** Splits the daemon's JSON-lines streams (build, push, pull) into parsed objects, whatever the chunking. */
import { StringDecoder } from 'node:string_decoder';

/** One line of a daemon stream: parsed JSON, or the raw text when a line is not JSON. */
export type JsonLine = { json: Record<string, unknown> } | { text: string };

/**
 * Accumulates chunks and yields complete lines; a line split across chunks (even inside a UTF-8
 * character) is held until its newline arrives.
 * @example
 * const lines = new JsonLineSplitter();
 * lines.push('{"stream":"Step 1/2 : FR'); // []
 * lines.push('OM x\\n"}\n');              // [{ json: { stream: 'Step 1/2 : FROM x\n' } }]
 */
export class JsonLineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  push(chunk: Buffer | string): JsonLine[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const parts = this.pending.split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    return parts.flatMap(parseLine);
  }

  /** Flushes a last line that had no newline. */
  end(): JsonLine[] {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return parseLine(rest);
  }
}

function parseLine(line: string): JsonLine[] {
  const trimmed = line.trim();
  if (trimmed === '') return [];
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return [{ json: value as Record<string, unknown> }];
  } catch {
    // Not JSON: kept as text below.
  }
  return [{ text: trimmed }];
}

/** The `error` / `errorDetail.message` of a daemon line, if it carries one. */
export function lineError(json: Record<string, unknown>): string | undefined {
  const detail = json.errorDetail as { message?: unknown } | undefined;
  if (typeof json.error === 'string' && json.error !== '') return json.error;
  if (detail && typeof detail.message === 'string') return detail.message;
  if (detail) return JSON.stringify(detail);
  return undefined;
}
