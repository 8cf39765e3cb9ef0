/** The call examples `craneml run` and the app's Run step print: one per input kind, recorded on the image. */
import { describe, expect, it } from 'vitest';
import { INPUT_KIND_LABEL, inputKindOf, usageSnippets } from '../../../main/shared/usage-snippets.ts';
import { exampleInstance } from '../../../main/inference/example-instance.ts';

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
    expect(usageSnippets(URL, 'tensor', [0, 0]).curl).toContain('"instances"');
  });

  it("sends a tensor model's real input shape: 30 numbers for a 30-feature model, in every language", () => {
    const instance = exampleInstance([{ name: 'X', dtype: 'float32', shape: [-1, 30] }]);
    expect(instance).toEqual(new Array(30).fill(0));
    const body = JSON.stringify({ instances: [instance] });
    const snippets = usageSnippets(URL, 'tensor', instance);
    expect(snippets.curl).toBe(`curl -X POST ${URL}/predict -H 'Content-Type: application/json' -d '${body}'`);
    expect(snippets.python).toContain(`json=${body}`);
    expect(snippets.javascript).toContain(`JSON.stringify(${body})`);
    for (const text of Object.values(snippets)) expect(text).not.toContain('[[0, 0, 0]]');
  });

  it('names each input of a two-input model, drops a fixed batch axis, and spells booleans for Python', () => {
    const two = exampleInstance([
      { name: 'ids', dtype: 'int64', shape: [-1, 4] },
      { name: 'mask', dtype: 'bool', shape: [-1, 4] },
    ]);
    expect(two).toEqual({ ids: [0, 0, 0, 0], mask: [false, false, false, false] });
    expect(usageSnippets(URL, 'tensor', two).python).toContain('"mask":[False,False,False,False]');
    expect(exampleInstance([{ name: 'x', dtype: 'float32', shape: [3, 2] }])).toEqual([0, 0]);
  });

  it('reads instances from a file when the input is too large to type', () => {
    expect(exampleInstance([{ name: 'image', dtype: 'float32', shape: [-1, 3, 224, 224] }])).toBeUndefined();
    expect(usageSnippets(URL, 'tensor', undefined).curl).toContain('--data-binary @instances.json');
  });
});
