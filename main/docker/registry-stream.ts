/** Parses the JSON-lines stream of a push or pull into typed events, flagging every error line. */
import { JsonLineSplitter, lineError, type JsonLine } from './json-lines.ts';

export type RegistryEvent =
  | { type: 'status'; id?: string; text: string }
  | { type: 'progress'; id: string; current: number; total: number }
  | { type: 'error'; message: string }
  | { type: 'digest'; digest: string; tag?: string; size?: number };

const DIGEST = /(sha256:[0-9a-f]{64})/;

/**
 * @example
 * const parser = new RegistryStreamParser();
 * parser.push('{"errorDetail":{"message":"denied"},"error":"denied"}\n'); // [{ type: 'error', message: 'denied' }]
 */
export class RegistryStreamParser {
  private readonly lines = new JsonLineSplitter();

  push(chunk: Buffer | string): RegistryEvent[] {
    return this.lines.push(chunk).flatMap(parse);
  }

  end(): RegistryEvent[] {
    return this.lines.end().flatMap(parse);
  }
}

function parse(line: JsonLine): RegistryEvent[] {
  if ('text' in line) return [{ type: 'status', text: line.text }];
  const json = line.json;
  const error = lineError(json);
  if (error !== undefined) return [{ type: 'error', message: error.trim() }];
  // A push ends with aux {Tag, Digest, Size}: the registry has stored the manifest.
  const aux = json.aux as { Tag?: unknown; Digest?: unknown; Size?: unknown } | undefined;
  if (aux && typeof aux.Digest === 'string') {
    return [
      {
        type: 'digest',
        digest: aux.Digest,
        tag: typeof aux.Tag === 'string' ? aux.Tag : undefined,
        size: typeof aux.Size === 'number' ? aux.Size : undefined,
      },
    ];
  }
  if (typeof json.status !== 'string') return [];
  const id = typeof json.id === 'string' ? json.id : undefined;
  const detail = json.progressDetail as { current?: unknown; total?: unknown } | undefined;
  if (detail && typeof detail.current === 'number') {
    return [{ type: 'progress', id: id ?? '', current: detail.current, total: typeof detail.total === 'number' ? detail.total : 0 }];
  }
  const status: RegistryEvent = { type: 'status', text: json.status, ...(id ? { id } : {}) };
  // A pull names the manifest digest in a status line ("Digest: sha256:…").
  const digest = json.status.startsWith('Digest: ') ? DIGEST.exec(json.status)?.[1] : undefined;
  return digest ? [status, { type: 'digest', digest }] : [status];
}
