import { describe, expect, it } from 'vitest';
import { BuildStreamParser, type BuildStreamEvent } from '../../../main/docker/build-stream.ts';
import { JsonLineSplitter } from '../../../main/docker/json-lines.ts';

const ID = 'a'.repeat(64);

/** A realistic classic-builder transcript (as Docker 20.10 sends it: "Step" and its newline apart). */
const transcript = [
  { stream: 'Step 1/3 : FROM craneml/local-base:node20' },
  { stream: '\n' },
  { stream: ' ---> 24a282a14a7e\n' },
  { stream: 'Step 2/3 : COPY runtime/ /app/' },
  { stream: '\n' },
  { stream: ' ---> Using cache\n' },
  { stream: 'Step 3/3 : LABEL io.craneml.managed-by=craneml' },
  { stream: '\n' },
  { stream: ' ---> Running in 0123456789ab\n' },
  { aux: { ID: `sha256:${ID}` } },
  { stream: `Successfully built ${ID.slice(0, 12)}\n` },
  { stream: 'Successfully tagged digits:1.0\n' },
]
  .map((line) => JSON.stringify(line) + '\r\n')
  .join('');

function parseAll(chunks: (string | Buffer)[]): BuildStreamEvent[] {
  const parser = new BuildStreamParser();
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

describe('build stream parser', () => {
  it('turns a classic build into steps, logs and one done event', () => {
    const events = parseAll([transcript]);
    expect(events.filter((e) => e.type === 'step')).toEqual([
      { type: 'step', index: 1, total: 3, instruction: 'FROM craneml/local-base:node20' },
      { type: 'step', index: 2, total: 3, instruction: 'COPY runtime/ /app/' },
      { type: 'step', index: 3, total: 3, instruction: 'LABEL io.craneml.managed-by=craneml' },
    ]);
    expect(events).toContainEqual({ type: 'log', text: ' ---> Using cache' });
    expect(events.filter((e) => e.type === 'done')).toEqual([{ type: 'done', imageId: `sha256:${ID}` }]);
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('gives the same events however the stream is chunked, even inside a UTF-8 character', () => {
    const text = transcript + JSON.stringify({ stream: 'naïve café ✓\n' }) + '\n';
    const bytes = Buffer.from(text);
    const whole = parseAll([bytes]);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(parseAll(chunks)).toEqual(whole);
    }
    expect(whole).toContainEqual({ type: 'log', text: 'naïve café ✓' });
  });

  it('reports an error line with the step that was running', () => {
    const events = parseAll([
      '{"stream":"Step 1/2 : FROM x"}\n{"stream":"Step 2/2 : COPY model/ /model/"}\n',
      '{"errorDetail":{"message":"COPY failed: no source files"},"error":"COPY failed: no source files"}\n',
    ]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      message: 'COPY failed: no source files',
      step: { index: 2, total: 2, instruction: 'COPY model/ /model/' },
    });
  });

  it('treats errorDetail alone as an error too', () => {
    expect(parseAll(['{"errorDetail":{"code":1,"message":"boom"}}\n'])).toEqual([{ type: 'error', message: 'boom' }]);
  });

  it('reports base image pull progress and status lines', () => {
    const events = parseAll([
      '{"status":"Pulling from library/node","id":"20"}\n',
      '{"status":"Downloading","progressDetail":{"current":1024,"total":4096},"progress":"[==>  ]","id":"abc123"}\n',
    ]);
    expect(events).toEqual([
      { type: 'log', text: '20: Pulling from library/node' },
      { type: 'progress', id: 'abc123', current: 1024, total: 4096 },
    ]);
  });

  it('takes the image ID from "Successfully built" when there is no aux line', () => {
    const events = parseAll(['{"stream":"Successfully built 0123456789ab\\n"}\n']);
    expect(events).toEqual([
      { type: 'log', text: 'Successfully built 0123456789ab' },
      { type: 'done', imageId: '0123456789ab' },
    ]);
  });

  it('keeps a last line without a newline, and non-JSON lines as logs', () => {
    expect(parseAll(['not json at all\n{"stream":"tail"}'])).toEqual([
      { type: 'log', text: 'not json at all' },
      { type: 'log', text: 'tail' },
    ]);
  });
});

describe('JSON lines splitter', () => {
  it('holds a partial line until its newline comes', () => {
    const lines = new JsonLineSplitter();
    expect(lines.push('{"a":')).toEqual([]);
    expect(lines.push('1}\n{"b"')).toEqual([{ json: { a: 1 } }]);
    expect(lines.push(':2}\n\n')).toEqual([{ json: { b: 2 } }]);
    expect(lines.end()).toEqual([]);
  });
});
