/**
 * A small tokenizer of Python source, enough to read one function's signature statically: names,
 * numbers, strings (with their prefixes, triple quotes and line continuations), operators and
 * brackets, each with its line and column. Comments are dropped; nothing is evaluated.
 */
import { CraneError } from '../errors.ts';

export type PythonToken =
  | { kind: 'name'; text: string; line: number; column: number; startsLine: boolean }
  | { kind: 'number'; text: string; line: number; column: number; startsLine: boolean }
  | { kind: 'string'; text: string; prefix: string; body: string; line: number; column: number; startsLine: boolean }
  | { kind: 'op'; text: string; line: number; column: number; startsLine: boolean };

/** A token without its place, as the loop finds it. */
type TokenBody = PythonToken extends infer T ? (T extends PythonToken ? Omit<T, 'line' | 'column' | 'startsLine'> : never) : never;

const NAME = /[A-Za-z_\u00C0-\uFFFF][\w\u00C0-\uFFFF]*/y;
const NUMBER = /(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJ]?/y;
const STRING_PREFIX = /(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?='|")/y;
const OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/='];

function unterminated(file: string, line: number): CraneError {
  return new CraneError('MODEL_FORMAT', `${file}: line ${line}: a string that never ends; is it a Python file?`);
}

/**
 * The tokens of `source`. `startsLine` marks the first token of a logical line (outside brackets),
 * whose column is the line's indentation.
 * @example tokenize('x = Input(ge=1)', 'predict.py').map((t) => t.text) // ['x', '=', 'Input', '(', 'ge', '=', '1', ')']
 */
export function tokenize(source: string, file: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  let at = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let startsLine = true;
  /** The text `pattern` (sticky) matches at `at`, '' for an empty match (a string without prefix). */
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    return pattern.exec(source)?.[0];
  };
  const push = (token: TokenBody, start: number, startLine: number, startLineAt: number): void => {
    tokens.push({ ...token, line: startLine, column: start - startLineAt, startsLine } as PythonToken);
    startsLine = false;
  };
  while (at < source.length) {
    const char = source[at]!;
    if (char === '\n') {
      line++;
      at++;
      lineStart = at;
      if (depth === 0) startsLine = true;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === '\f') {
      at++;
      continue;
    }
    if (char === '#') {
      while (at < source.length && source[at] !== '\n') at++;
      continue;
    }
    if (char === '\\' && source[at + 1] === '\n') {
      at += 2;
      line++;
      lineStart = at;
      continue;
    }
    const start = at;
    const prefix = match(STRING_PREFIX);
    if (prefix !== undefined) {
      const startLine = line;
      const startLineAt = lineStart;
      at += prefix.length;
      const quote = source.startsWith(source[at]!.repeat(3), at) ? source[at]!.repeat(3) : source[at]!;
      at += quote.length;
      const bodyStart = at;
      for (;;) {
        if (at >= source.length) throw unterminated(file, startLine);
        const c = source[at]!;
        if (c === '\\') {
          if (source[at + 1] === '\n') {
            line++;
            lineStart = at + 2;
          }
          at += 2;
          continue;
        }
        if (source.startsWith(quote, at)) break;
        if (c === '\n') {
          if (quote.length === 1) throw unterminated(file, startLine);
          line++;
          lineStart = at + 1;
        }
        at++;
      }
      const body = source.slice(bodyStart, at);
      at += quote.length;
      push({ kind: 'string', text: source.slice(start, at), prefix: prefix.toLowerCase(), body }, start, startLine, startLineAt);
      continue;
    }
    const number = /[\d.]/.test(char) ? match(NUMBER) : undefined;
    if (number !== undefined && number !== '.') {
      at += number.length;
      push({ kind: 'number', text: number }, start, line, lineStart);
      continue;
    }
    const name = match(NAME);
    if (name !== undefined) {
      at += name.length;
      push({ kind: 'name', text: name }, start, line, lineStart);
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, at)) ?? char;
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    at += op.length;
    push({ kind: 'op', text: op }, start, line, lineStart);
  }
  return tokens;
}
