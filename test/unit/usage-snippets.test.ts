/** The call examples `craneml run` and the app's Run step print: one per input kind, recorded on the image. */
import { describe, expect, it } from 'vitest';
import { INPUT_KIND_LABEL, inputKindOf, usageSnippets } from '../../main/docker/usage-snippets.ts';

const URL = 'http://127.0.0.1:8080';

describe('usageSnippets', () => {
  it('reads every input kind a manifest has from the image label, and nothing else', () => {
    for (const kind of ['image', 'tensor', 'table', 'rows'] as const) expect(inputKindOf({ [INPUT_KIND_LABEL]: kind })).toBe(kind);
    expect(inputKindOf({ [INPUT_KIND_LABEL]: 'video' })).toBe('unknown');
    expect(inputKindOf(undefined)).toBe('unknown');
  });

  it('calls a table or rows model with a CSV of rows, not with a picture', () => {
    for (const kind of ['table', 'rows'] as const) {
      const snippets = usageSnippets(URL, kind);
      expect(snippets.curl).toBe(`curl -X POST ${URL}/predict -H 'Content-Type: text/csv' -H 'Accept: text/csv' --data-binary @rows.csv`);
      for (const text of Object.values(snippets)) {
        expect(text).toContain('text/csv');
        expect(text).not.toMatch(/image\/png|picture/);
      }
    }
  });

  it('keeps a picture for image models and JSON instances for tensors', () => {
    expect(usageSnippets(URL, 'image').curl).toContain('image/png');
    expect(usageSnippets(URL, 'tensor').curl).toContain('"instances"');
  });
});
