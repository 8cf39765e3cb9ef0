/** How to call a running model from outside: curl, Python (requests) and JavaScript (fetch), for its input kind. */
import type { CallSnippets } from '../shared/crane-api.ts';

/** 'table' and 'rows' (named columns, or rows a Python model takes as sent) are both called with rows. */
export type InputKind = 'image' | 'tensor' | 'table' | 'rows' | 'unknown';
const KINDS: readonly InputKind[] = ['image', 'tensor', 'table', 'rows'];

/** The image label that records a model's input kind. */
export const INPUT_KIND_LABEL = 'io.craneml.model.input';

export function inputKindOf(labels: Record<string, string> | undefined): InputKind {
  const kind = labels?.[INPUT_KIND_LABEL] as InputKind | undefined;
  return kind && KINDS.includes(kind) ? kind : 'unknown';
}

/**
 * @example usageSnippets('http://127.0.0.1:8080', 'image').curl
 * // "curl -X POST http://127.0.0.1:8080/predict -H 'Content-Type: image/png' --data-binary @picture.png"
 */
export function usageSnippets(url: string, kind: InputKind): CallSnippets {
  if (kind === 'table' || kind === 'rows') {
    return {
      curl: `curl -X POST ${url}/predict -H 'Content-Type: text/csv' -H 'Accept: text/csv' --data-binary @rows.csv`,
      python: [
        'import requests',
        '',
        '# a CSV with a header row naming the columns (GET /metadata lists them); the answer is one line per row',
        'with open("rows.csv", "rb") as rows:',
        `    answer = requests.post("${url}/predict", data=rows, headers={"Content-Type": "text/csv", "Accept": "text/csv"}, timeout=30)`,
        'answer.raise_for_status()',
        'print(answer.text)',
      ].join('\n'),
      javascript: [
        "const rows = document.querySelector('input[type=file]').files[0]; // a CSV with a header row",
        `const answer = await fetch('${url}/predict', { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' }, body: rows });`,
        'console.log(await answer.text());',
      ].join('\n'),
    };
  }
  if (kind === 'tensor') {
    return {
      curl: `curl -X POST ${url}/predict -H 'Content-Type: application/json' -d '{"instances": [[0, 0, 0]]}'`,
      python: [
        'import requests',
        '',
        '# one instance per row, shaped like the model input without its batch axis',
        `answer = requests.post("${url}/predict", json={"instances": [[0, 0, 0]]}, timeout=30)`,
        'answer.raise_for_status()',
        'print(answer.json()["predictions"][0])',
      ].join('\n'),
      javascript: [
        `const answer = await fetch('${url}/predict', {`,
        "  method: 'POST',",
        "  headers: { 'Content-Type': 'application/json' },",
        '  body: JSON.stringify({ instances: [[0, 0, 0]] }),',
        '});',
        'console.log((await answer.json()).predictions[0]);',
      ].join('\n'),
    };
  }
  return {
    curl: `curl -X POST ${url}/predict -H 'Content-Type: image/png' --data-binary @picture.png`,
    python: [
      'import requests',
      '',
      'with open("picture.png", "rb") as picture:',
      `    answer = requests.post("${url}/predict", files={"image": picture}, timeout=30)`,
      'answer.raise_for_status()',
      'print(answer.json()["predictions"][0])',
    ].join('\n'),
    javascript: [
      "const picture = document.querySelector('input[type=file]').files[0]; // or a Blob from a canvas",
      `const answer = await fetch('${url}/predict', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: picture });`,
      'console.log((await answer.json()).predictions[0]);',
    ].join('\n'),
  };
}
