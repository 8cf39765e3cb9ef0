/** The arguments protocol 0 (text) opcodes write as lines: integers, floats, quoted strings, escaped unicode. */
import { PYTHON_SINGLE_ESCAPES } from '../../python-project/python-escapes.ts';
import type { ByteCursor } from './byte-cursor.ts';
import { keptString, opaque, type PyValue } from './values.ts';

const DECIMAL = /^[+-]?\d+$/;

/** INT's line: "00"/"01" are False/True (Python 2's bools), else a decimal integer. */
export function readTextInt(cursor: ByteCursor): PyValue {
  const at = cursor.pos;
  const text = cursor.line('an INT');
  if (text === '00') return false;
  if (text === '01') return true;
  return decimal(cursor, text, at);
}

/** LONG's line: a decimal integer, with Python 2's trailing L. */
export function readTextLong(cursor: ByteCursor): PyValue {
  const at = cursor.pos;
  const text = cursor.line('a LONG');
  return decimal(cursor, text.endsWith('L') ? text.slice(0, -1) : text, at);
}

function decimal(cursor: ByteCursor, text: string, at: number): PyValue {
  if (!DECIMAL.test(text)) throw cursor.corrupt(`an integer that is not a number ("${text.slice(0, 40)}")`, at);
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : opaque('a big integer');
}

/** A memo index (GET, PUT): a non-negative decimal integer. */
export function readTextIndex(cursor: ByteCursor): number {
  const at = cursor.pos;
  const text = cursor.line('a memo index');
  const value = DECIMAL.test(text) ? Number(text) : -1;
  if (!Number.isSafeInteger(value) || value < 0) throw cursor.corrupt(`a memo index that is not one ("${text.slice(0, 40)}")`, at);
  return value;
}

export function readTextFloat(cursor: ByteCursor): number {
  const at = cursor.pos;
  const text = cursor.line('a FLOAT').trim();
  const value = Number(text);
  if (text === '' || (Number.isNaN(value) && !/^[+-]?nan$/i.test(text)))
    throw cursor.corrupt(`a float that is not a number ("${text.slice(0, 40)}")`, at);
  return value;
}

/** STRING's line: a Python repr in quotes, with its backslash escapes. */
export function readTextString(cursor: ByteCursor): PyValue {
  const at = cursor.pos;
  const text = cursor.line('a STRING');
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) {
    throw cursor.corrupt('a STRING without its quotes', at);
  }
  const body = text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, escape: string) => {
    if (escape[0] === 'x') return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCharCode(parseInt(escape, 8) & 0xff);
    return PYTHON_SINGLE_ESCAPES[escape] ?? `\\${escape}`;
  });
  return keptString(body);
}

/** UNICODE's line: raw-unicode-escape, where only \uXXXX and \UXXXXXXXX are escapes. */
export function readTextUnicode(cursor: ByteCursor): PyValue {
  const text = cursor.line('a UNICODE');
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (whole, short?: string, long?: string) => {
    const code = parseInt(short ?? long ?? '', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
  return keptString(decoded);
}
