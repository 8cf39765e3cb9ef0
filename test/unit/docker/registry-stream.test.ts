import { describe, expect, it } from 'vitest';
import { RegistryStreamParser, type RegistryEvent } from '../../../main/docker/registry-stream.ts';

const DIGEST = `sha256:${'b'.repeat(64)}`;

function parse(text: string): RegistryEvent[] {
  const parser = new RegistryStreamParser();
  return [...parser.push(text), ...parser.end()];
}

describe('push and pull stream parser', () => {
  it('reads a successful push: layer states, progress, and the digest from aux', () => {
    const lines = [
      { status: 'The push refers to repository [127.0.0.1:5000/digits]' },
      { status: 'Preparing', progressDetail: {}, id: 'f1' },
      { status: 'Pushing', progressDetail: { current: 512, total: 2048 }, progress: '[=>  ]', id: 'f1' },
      { status: 'Pushed', progressDetail: {}, id: 'f1' },
      { status: `1.0: digest: ${DIGEST} size: 528` },
      { progressDetail: {}, aux: { Tag: '1.0', Digest: DIGEST, Size: 528 } },
    ];
    const events = parse(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(events).toContainEqual({ type: 'status', id: 'f1', text: 'Pushed' });
    expect(events).toContainEqual({ type: 'progress', id: 'f1', current: 512, total: 2048 });
    expect(events.at(-1)).toEqual({ type: 'digest', digest: DIGEST, tag: '1.0', size: 528 });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('flags an error line, which followProgress would have reported as success', () => {
    const events = parse(
      '{"status":"Preparing","id":"f1"}\n{"errorDetail":{"message":"unauthorized: authentication required"},"error":"unauthorized: authentication required"}\n',
    );
    expect(events.at(-1)).toEqual({ type: 'error', message: 'unauthorized: authentication required' });
  });

  it('finds the digest of a pull in its status line', () => {
    const events = parse(`{"status":"Digest: ${DIGEST}"}\n{"status":"Status: Downloaded newer image for 127.0.0.1:5000/digits:1.0"}\n`);
    expect(events).toContainEqual({ type: 'digest', digest: DIGEST });
  });
});
