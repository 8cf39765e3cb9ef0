/** How to call a running model from outside: curl, Python (requests) and JavaScript (fetch), for its input kind; pure, no zod. */
import type { CallSnippets } from './crane-api.ts';

/** 'table' and 'rows' (named columns, or rows a Python model takes as sent) are both called with rows. */
export type InputKind = 'image' | 'tensor' | 'table' | 'rows' | 'unknown';
const KINDS: readonly InputKind[] = ['image', 'tensor', 'table', 'rows'];

/** The image label that records a model's input kind. */
export const INPUT_KIND_LABEL = 'io.craneml.model.input';

export function inputKindOf(labels: Record<string, string> | undefined): InputKind {
  const kind = labels?.[INPUT_KIND_LABEL] as InputKind | undefined;
  return kind && KINDS.includes(kind) ? kind : 'unknown';
}

/** Text as one single-quoted shell word (a quote inside closes, escapes and reopens it). */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;

const PRINT_FIRST_PREDICTION = 'print(answer.json()["predictions"][0])';
const LOG_FIRST_PREDICTION = 'console.log((await answer.json()).predictions[0]);';

/** A Python example: its imports, the lines that set `answer`, then the status check and what it prints. */
function pythonScript(imports: string, call: string[], show = PRINT_FIRST_PREDICTION): string {
  return [imports, '', ...call, 'answer.raise_for_status()', show].join('\n');
}

/** A JavaScript example: the lines that set `answer`, then what it logs. */
function javascriptScript(call: string[], show = LOG_FIRST_PREDICTION): string {
  return [...call, show].join('\n');
}

/** A tensor model's calls: its example instance inline, or (too large to type) read from instances.json. */
function tensorSnippets(url: string, instance: unknown): CallSnippets {
  if (instance === undefined) {
    return {
      curl: `curl -X POST ${url}/predict -H 'Content-Type: application/json' --data-binary @instances.json`,
      python: pythonScript('import json, requests', [
        '# {"instances": [...]}: one instance per row, shaped like the model input without its batch axis (GET /metadata)',
        'with open("instances.json") as body:',
        `    answer = requests.post("${url}/predict", json=json.load(body), timeout=30)`,
      ]),
      javascript: javascriptScript([
        "const body = document.querySelector('input[type=file]').files[0]; // instances.json",
        `const answer = await fetch('${url}/predict', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });`,
      ]),
    };
  }
  const body = JSON.stringify({ instances: [instance] });
  return {
    curl: `curl -X POST ${url}/predict -H 'Content-Type: application/json' -d ${shellQuote(body)}`,
    python: pythonScript('import requests', [
      '# one instance per row, shaped like the model input without its batch axis',
      `answer = requests.post("${url}/predict", json=${pythonLiteral(body)}, timeout=30)`,
    ]),
    javascript: javascriptScript([
      `const answer = await fetch('${url}/predict', {`,
      "  method: 'POST',",
      "  headers: { 'Content-Type': 'application/json' },",
      `  body: JSON.stringify(${body}),`,
      '});',
    ]),
  };
}

/** JSON as a Python literal: true/false/null spelled as Python does. */
export function pythonLiteral(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|\b(true|false|null)\b/g, (token, word: string | undefined) =>
    word === undefined ? token : { true: 'True', false: 'False', null: 'None' }[word]!,
  );
}

/**
 * How to call the model; a tensor model's example is `instance` (main/inference/example-instance.ts, from
 * the model's real input shape), or a file of instances when it is too large to type.
 * @example usageSnippets('http://127.0.0.1:8080', 'image').curl
 * // "curl -X POST http://127.0.0.1:8080/predict -H 'Content-Type: image/png' --data-binary @picture.png"
 */
export function usageSnippets(url: string, kind: InputKind, instance?: unknown): CallSnippets {
  if (kind === 'table' || kind === 'rows') {
    return {
      curl: `curl -X POST ${url}/predict -H 'Content-Type: text/csv' -H 'Accept: text/csv' --data-binary @rows.csv`,
      python: pythonScript(
        'import requests',
        [
          '# a CSV with a header row naming the columns (GET /metadata lists them); the answer is one line per row',
          'with open("rows.csv", "rb") as rows:',
          `    answer = requests.post("${url}/predict", data=rows, headers={"Content-Type": "text/csv", "Accept": "text/csv"}, timeout=30)`,
        ],
        'print(answer.text)',
      ),
      javascript: javascriptScript(
        [
          "const rows = document.querySelector('input[type=file]').files[0]; // a CSV with a header row",
          `const answer = await fetch('${url}/predict', { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' }, body: rows });`,
        ],
        'console.log(await answer.text());',
      ),
    };
  }
  if (kind === 'tensor') return tensorSnippets(url, instance);
  return {
    curl: `curl -X POST ${url}/predict -H 'Content-Type: image/png' --data-binary @picture.png`,
    python: pythonScript('import requests', [
      'with open("picture.png", "rb") as picture:',
      `    answer = requests.post("${url}/predict", files={"image": picture}, timeout=30)`,
    ]),
    javascript: javascriptScript([
      "const picture = document.querySelector('input[type=file]').files[0]; // or a Blob from a canvas",
      `const answer = await fetch('${url}/predict', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: picture });`,
    ]),
  };
}
