/**
 * "How to call this API" on the try-it page: curl, Python (requests) and JavaScript (fetch) for the
 * model's input kind, as JSON and (table models) CSV, built from /metadata and the page's origin.
 * With an API key the snippets carry a placeholder, never the key the person typed.
 */
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { pythonLiteral, shellQuote } from '../../../main/shared/usage-snippets.ts';
import { exampleRow, tableColumnsOf } from '../notebook/notebook-format.ts';
import { sampleShape, zerosOf } from '../ui/zeros.ts';

export interface CallSnippet {
  /** "JSON", "CSV" or "Picture": what the call sends. */
  body: string;
  curl: string;
  python: string;
  javascript: string;
}

/** The shell variable / Python environment variable the snippets read the key from. */
export const KEY_PLACEHOLDER = 'CRANEML_API_KEY';
/** Past this many numbers a tensor example is read from a file rather than typed inline. */
const MAX_INLINE_VALUES = 4096;

/** One instance the model takes: a table's example row by column name, else zeros shaped like its one input. */
function exampleInstance(metadata: Metadata): unknown {
  const columns = tableColumnsOf(metadata.input);
  if (columns) return exampleRow(columns);
  if (metadata.input.kind === 'rows') return {};
  const input = metadata.inputs[0];
  if (metadata.inputs.length !== 1 || !input) return undefined;
  const shape = sampleShape(input.shape);
  return shape.reduce((a, b) => a * b, 1) > MAX_INLINE_VALUES ? undefined : zerosOf(shape);
}

interface Headers {
  curl: string;
  python: string;
  javascript: string;
}

/** Each language's spelling of the request headers (the key's from the environment, when there is one). */
function headersFor(contentType: string, withKey: boolean, accept?: string): Headers {
  const pairs: [string, string][] = [['Content-Type', contentType], ...(accept ? [['Accept', accept] as [string, string]] : [])];
  const curl = pairs.map(([name, value]) => `-H '${name}: ${value}'`);
  const python = pairs.map(([name, value]) => `"${name}": "${value}"`);
  const javascript = pairs.map(([name, value]) => `'${name}': '${value}'`);
  if (withKey) {
    curl.push(`-H "X-API-Key: $${KEY_PLACEHOLDER}"`);
    python.push(`"X-API-Key": os.environ["${KEY_PLACEHOLDER}"]`);
    javascript.push(`'X-API-Key': ${KEY_PLACEHOLDER}`);
  }
  return { curl: curl.join(' '), python: `{${python.join(', ')}}`, javascript: `{ ${javascript.join(', ')} }` };
}

function pythonImports(withKey: boolean, extra: string[] = []): string {
  return [...extra, ...(withKey ? ['os'] : []), 'requests'].sort().join(', ');
}

function jsonSnippet(origin: string, instance: unknown, withKey: boolean): CallSnippet {
  const headers = headersFor('application/json', withKey);
  const keyLine = withKey ? [`const ${KEY_PLACEHOLDER} = '…'; // the API key`] : [];
  if (instance === undefined) {
    return {
      body: 'JSON',
      curl: `curl -X POST ${origin}/predict ${headers.curl} --data-binary @instances.json`,
      python: [
        `import ${pythonImports(withKey, ['json'])}`,
        '',
        '# {"instances": [...]}: one instance per row, shaped like the model input without its batch axis (GET /metadata)',
        'with open("instances.json") as body:',
        `    answer = requests.post("${origin}/predict", json=json.load(body), headers=${headers.python}, timeout=30)`,
        'answer.raise_for_status()',
        'print(answer.json()["predictions"][0])',
      ].join('\n'),
      javascript: [
        ...keyLine,
        "const body = document.querySelector('input[type=file]').files[0]; // instances.json",
        `const answer = await fetch('${origin}/predict', { method: 'POST', headers: ${headers.javascript}, body });`,
        'console.log((await answer.json()).predictions[0]);',
      ].join('\n'),
    };
  }
  const body = JSON.stringify({ instances: [instance] });
  return {
    body: 'JSON',
    curl: `curl -X POST ${origin}/predict ${headers.curl} -d ${shellQuote(body)}`,
    python: [
      `import ${pythonImports(withKey)}`,
      '',
      `answer = requests.post("${origin}/predict", json=${pythonLiteral(body)}, headers=${headers.python}, timeout=30)`,
      'answer.raise_for_status()',
      'print(answer.json()["predictions"][0])',
    ].join('\n'),
    javascript: [
      ...keyLine,
      `const answer = await fetch('${origin}/predict', {`,
      "  method: 'POST',",
      `  headers: ${headers.javascript},`,
      `  body: JSON.stringify(${body}),`,
      '});',
      'console.log((await answer.json()).predictions[0]);',
    ].join('\n'),
  };
}

function csvSnippet(origin: string, withKey: boolean): CallSnippet {
  const headers = headersFor('text/csv', withKey, 'text/csv');
  return {
    body: 'CSV',
    curl: `curl -X POST ${origin}/predict ${headers.curl} --data-binary @rows.csv`,
    python: [
      `import ${pythonImports(withKey)}`,
      '',
      '# a CSV with a header row naming the columns; the answer is a CSV with one line per row',
      'with open("rows.csv", "rb") as rows:',
      `    answer = requests.post("${origin}/predict", data=rows, headers=${headers.python}, timeout=30)`,
      'answer.raise_for_status()',
      'print(answer.text)',
    ].join('\n'),
    javascript: [
      ...(withKey ? [`const ${KEY_PLACEHOLDER} = '…'; // the API key`] : []),
      "const rows = document.querySelector('input[type=file]').files[0]; // a CSV with a header row",
      `const answer = await fetch('${origin}/predict', { method: 'POST', headers: ${headers.javascript}, body: rows });`,
      'console.log(await answer.text());',
    ].join('\n'),
  };
}

function pictureSnippet(origin: string, withKey: boolean): CallSnippet {
  const headers = headersFor('image/png', withKey);
  return {
    body: 'Picture',
    curl: `curl -X POST ${origin}/predict ${headers.curl} --data-binary @picture.png`,
    python: [
      `import ${pythonImports(withKey)}`,
      '',
      'with open("picture.png", "rb") as picture:',
      `    answer = requests.post("${origin}/predict", data=picture, headers=${headers.python}, timeout=30)`,
      'answer.raise_for_status()',
      'print(answer.json()["predictions"][0])',
    ].join('\n'),
    javascript: [
      ...(withKey ? [`const ${KEY_PLACEHOLDER} = '…'; // the API key`] : []),
      "const picture = document.querySelector('input[type=file]').files[0]; // or a Blob from a canvas",
      `const answer = await fetch('${origin}/predict', { method: 'POST', headers: ${headers.javascript}, body: picture });`,
      'console.log((await answer.json()).predictions[0]);',
    ].join('\n'),
  };
}

/**
 * The calls to show for this model.
 * @example callSnippets(metadata, 'http://127.0.0.1:8080', true)[0].curl
 * // curl -X POST http://127.0.0.1:8080/predict -H 'Content-Type: image/png' -H "X-API-Key: $CRANEML_API_KEY" --data-binary @picture.png
 */
export function callSnippets(metadata: Metadata, origin: string, withKey: boolean): CallSnippet[] {
  if (metadata.input.kind === 'image') return [pictureSnippet(origin, withKey)];
  const json = jsonSnippet(origin, exampleInstance(metadata), withKey);
  return metadata.input.kind === 'table' || metadata.input.kind === 'rows' ? [json, csvSnippet(origin, withKey)] : [json];
}
