/** How to call a running model from outside: curl, Python (requests) and JavaScript (fetch), for its input kind. */
import { z } from 'zod';
import { exampleInstance } from '../inference/example-instance.ts';
import type { CallSnippets } from '../shared/crane-api.ts';
import { tensorSpecSchema } from '../shared/manifest-schema.ts';

/** 'table' and 'rows' (named columns, or rows a Python model takes as sent) are both called with rows. */
export type InputKind = 'image' | 'tensor' | 'table' | 'rows' | 'unknown';
const KINDS: readonly InputKind[] = ['image', 'tensor', 'table', 'rows'];

/** The image label that records a model's input kind. */
export const INPUT_KIND_LABEL = 'io.craneml.model.input';

export function inputKindOf(labels: Record<string, string> | undefined): InputKind {
  const kind = labels?.[INPUT_KIND_LABEL] as InputKind | undefined;
  return kind && KINDS.includes(kind) ? kind : 'unknown';
}

/** A tensor model's calls: its example instance inline, or (too large to type) read from instances.json. */
function tensorSnippets(url: string, instance: unknown): CallSnippets {
  if (instance === undefined) {
    return {
      curl: `curl -X POST ${url}/predict -H 'Content-Type: application/json' --data-binary @instances.json`,
      python: [
        'import json, requests',
        '',
        '# {"instances": [...]}: one instance per row, shaped like the model input without its batch axis (GET /metadata)',
        'with open("instances.json") as body:',
        `    answer = requests.post("${url}/predict", json=json.load(body), timeout=30)`,
        'answer.raise_for_status()',
        'print(answer.json()["predictions"][0])',
      ].join('\n'),
      javascript: [
        "const body = document.querySelector('input[type=file]').files[0]; // instances.json",
        `const answer = await fetch('${url}/predict', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });`,
        'console.log((await answer.json()).predictions[0]);',
      ].join('\n'),
    };
  }
  const body = JSON.stringify({ instances: [instance] });
  return {
    curl: `curl -X POST ${url}/predict -H 'Content-Type: application/json' -d '${body.replace(/'/g, "'\\''")}'`,
    python: [
      'import requests',
      '',
      '# one instance per row, shaped like the model input without its batch axis',
      `answer = requests.post("${url}/predict", json=${pythonLiteral(body)}, timeout=30)`,
      'answer.raise_for_status()',
      'print(answer.json()["predictions"][0])',
    ].join('\n'),
    javascript: [
      `const answer = await fetch('${url}/predict', {`,
      "  method: 'POST',",
      "  headers: { 'Content-Type': 'application/json' },",
      `  body: JSON.stringify(${body}),`,
      '});',
      'console.log((await answer.json()).predictions[0]);',
    ].join('\n'),
  };
}

/** JSON as a Python literal: true/false/null spelled as Python does. */
function pythonLiteral(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|\b(true|false|null)\b/g, (token, word: string | undefined) =>
    word === undefined ? token : { true: 'True', false: 'False', null: 'None' }[word]!,
  );
}

const METADATA_TIMEOUT_MS = 2000;
/** The part of GET /metadata an example needs: the model's inputs, as either runtime lists them. */
const SIGNATURE = z.object({ inputs: z.array(tensorSpecSchema) });

/**
 * The calls of a running model: a tensor model's example instance made from the input shapes its GET
 * /metadata gives (the signature the image was built with), so the example sends what the model takes.
 * @example (await snippetsOfService('http://127.0.0.1:8080', 'tensor')).curl // ... -d '{"instances":[[0,0,...30 zeros]]}'
 */
export async function snippetsOfService(url: string, kind: InputKind): Promise<CallSnippets> {
  if (kind !== 'tensor') return usageSnippets(url, kind);
  try {
    const response = await fetch(`${url}/metadata`, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
    const metadata = SIGNATURE.safeParse(response.ok ? await response.json() : undefined);
    return usageSnippets(url, kind, metadata.success ? exampleInstance(metadata.data.inputs) : undefined);
  } catch {
    // Not answering (yet), or behind an API key: the example reads its instances from a file.
    return usageSnippets(url, kind);
  }
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
  if (kind === 'tensor') return tensorSnippets(url, instance);
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
