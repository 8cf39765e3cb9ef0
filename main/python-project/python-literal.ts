/**
 * Python literals read from tokens without running anything: strings (adjacent ones joined, escapes
 * decoded), numbers (with a sign, underscores, hex/octal/binary), True, False, None, and lists or
 * tuples of those. Anything else is not a literal, and says why.
 */
import { PYTHON_SINGLE_ESCAPES } from './python-escapes.ts';
import type { PythonToken } from './python-tokens.ts';

export type PythonLiteral = string | number | boolean | null | PythonLiteral[];

/** A value read, or why the tokens are not a literal. */
export type LiteralResult = { value: PythonLiteral } | { error: string };

/** A backslash before a line break continues the line: both go. */
const SIMPLE_ESCAPES: Record<string, string> = { ...PYTHON_SINGLE_ESCAPES, '\n': '' };

/** The text of a string token's body, escapes decoded (none in a raw string); undefined for an f-string or bytes. */
function stringValue(token: Extract<PythonToken, { kind: 'string' }>): string | { error: string } {
  if (token.prefix.includes('f')) return { error: `the f-string ${token.text} is computed when the code runs` };
  if (token.prefix.includes('b')) return { error: `${token.text} is bytes, not text` };
  if (token.prefix.includes('r')) return token.body;
  return token.body.replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (whole, code: string) => {
    if (code in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[code]!;
    if (/^[xuU]/.test(code)) return String.fromCodePoint(parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCodePoint(parseInt(code, 8));
    // \N{...} names a character by its Unicode name, which this reader does not know: kept as written.
    return whole;
  });
}

function numberValue(text: string): number | undefined {
  const plain = text.replace(/_/g, '');
  if (/[jJ]$/.test(plain)) return undefined;
  if (/^0[oO]/.test(plain)) return parseInt(plain.slice(2), 8);
  if (/^0[bB]/.test(plain)) return parseInt(plain.slice(2), 2);
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

function shown(tokens: PythonToken[]): string {
  return tokens.map((t) => t.text).join(' ');
}

/** Splits tokens at commas outside brackets. A trailing comma leaves no empty last part. */
export function splitTopLevel(tokens: PythonToken[]): PythonToken[][] {
  const parts: PythonToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
    if (token.kind === 'op' && ')]}'.includes(token.text)) depth--;
    if (depth === 0 && token.kind === 'op' && token.text === ',') parts.push([]);
    else parts.at(-1)!.push(token);
  }
  if (parts.at(-1)!.length === 0) parts.pop();
  return parts;
}

/**
 * Reads `tokens` as one Python literal.
 * @example readLiteral(tokenize('-1.5e3', 'x.py')) // { value: -1500 }
 */
export function readLiteral(tokens: PythonToken[]): LiteralResult {
  if (tokens.length === 0) return { error: 'nothing to read' };
  const first = tokens[0]!;
  if (first.kind === 'string') {
    let text = '';
    for (const token of tokens) {
      if (token.kind !== 'string') return { error: `${shown(tokens)} is not a plain string` };
      const value = stringValue(token);
      if (typeof value !== 'string') return value;
      text += value;
    }
    return { value: text };
  }
  if (first.kind === 'op' && (first.text === '-' || first.text === '+') && tokens.length === 2 && tokens[1]!.kind === 'number') {
    const value = numberValue(tokens[1]!.text);
    if (value === undefined) return { error: `${shown(tokens)} is not a real number` };
    return { value: first.text === '-' ? -value : value };
  }
  if (tokens.length === 1 && first.kind === 'number') {
    const value = numberValue(first.text);
    return value === undefined ? { error: `${first.text} is not a real number` } : { value };
  }
  if (tokens.length === 1 && first.kind === 'name') {
    if (first.text === 'True') return { value: true };
    if (first.text === 'False') return { value: false };
    if (first.text === 'None') return { value: null };
    return { error: `${first.text} is a name, whose value is known only when the code runs` };
  }
  const last = tokens.at(-1)!;
  const closing = { '[': ']', '(': ')' }[first.text];
  if (first.kind === 'op' && closing && last.kind === 'op' && last.text === closing) {
    const values: PythonLiteral[] = [];
    for (const part of splitTopLevel(tokens.slice(1, -1))) {
      const item = readLiteral(part);
      if ('error' in item) return item;
      values.push(item.value);
    }
    return { value: values };
  }
  return { error: `${shown(tokens)} is computed when the code runs, not a literal` };
}
