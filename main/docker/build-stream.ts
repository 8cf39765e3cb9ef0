/** Parses the classic builder's JSON-lines stream into typed build events. */
import { JsonLineSplitter, lineError, type JsonLine } from './json-lines.ts';

export interface BuildStep {
  index: number;
  total: number;
  instruction: string;
}

/**
 * One line of the daemon's build stream, as the parser reads it. Not what the app sees: the core
 * (main/api/build-jobs.ts) turns these into the contract's BuildEvent (main/shared/crane-api.ts).
 */
export type BuildStreamEvent =
  | ({ type: 'step' } & BuildStep)
  | { type: 'log'; text: string }
  | { type: 'progress'; id: string; current: number; total: number }
  | { type: 'error'; message: string; step?: BuildStep }
  | { type: 'done'; imageId: string };

const STEP = /^Step (\d+)\/(\d+) : (.*)$/s;
const BUILT = /^Successfully built ([0-9a-f]+)\s*$/;

/**
 * Turns raw chunks of `POST /build` output into events; remembers the current step so an error
 * names it, and emits `done` once (from `aux.ID`, else from "Successfully built").
 * @example
 * const parser = new BuildStreamParser();
 * parser.push('{"stream":"Step 1/2 : FROM scratch\\n"}\n'); // [{ type: 'step', index: 1, total: 2, instruction: 'FROM scratch' }]
 */
export class BuildStreamParser {
  private readonly lines = new JsonLineSplitter();
  private step: BuildStep | undefined;
  private imageId: string | undefined;

  push(chunk: Buffer | string): BuildStreamEvent[] {
    return this.lines.push(chunk).flatMap((line) => this.parse(line));
  }

  end(): BuildStreamEvent[] {
    return this.lines.end().flatMap((line) => this.parse(line));
  }

  /** The step running when the stream stopped, if any. */
  get currentStep(): BuildStep | undefined {
    return this.step;
  }

  private parse(line: JsonLine): BuildStreamEvent[] {
    if ('text' in line) return [{ type: 'log', text: line.text }];
    const json = line.json;
    const error = lineError(json);
    if (error !== undefined) return [{ type: 'error', message: error.trim(), ...(this.step ? { step: this.step } : {}) }];
    const aux = json.aux as { ID?: unknown } | undefined;
    if (aux && typeof aux.ID === 'string') return this.done(aux.ID);
    if (typeof json.stream === 'string') return this.parseStream(json.stream);
    if (typeof json.status === 'string') return this.parseStatus(json);
    return [];
  }

  private parseStream(stream: string): BuildStreamEvent[] {
    const text = stream.replace(/\n+$/, '');
    if (text.trim() === '') return [];
    const step = STEP.exec(text);
    if (step) {
      this.step = { index: Number(step[1]), total: Number(step[2]), instruction: step[3]!.trim() };
      return [{ type: 'step', ...this.step }];
    }
    const built = BUILT.exec(text);
    return [{ type: 'log', text }, ...(built ? this.done(built[1]!) : [])];
  }

  /** Base-image pull lines: progress with byte counts, or a plain status line. */
  private parseStatus(json: Record<string, unknown>): BuildStreamEvent[] {
    const detail = json.progressDetail as { current?: unknown; total?: unknown } | undefined;
    const id = typeof json.id === 'string' ? json.id : '';
    if (detail && typeof detail.current === 'number') {
      return [{ type: 'progress', id, current: detail.current, total: typeof detail.total === 'number' ? detail.total : 0 }];
    }
    return [{ type: 'log', text: id ? `${id}: ${String(json.status)}` : String(json.status) }];
  }

  private done(id: string): BuildStreamEvent[] {
    if (this.imageId !== undefined) return [];
    // "Successfully built" gives a short ID; only a full one gets the digest prefix.
    this.imageId = /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
    return [{ type: 'done', imageId: this.imageId }];
  }
}
