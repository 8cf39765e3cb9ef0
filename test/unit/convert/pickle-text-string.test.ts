/** A protocol 0 STRING line (a Python 2 byte string's repr) decoded with Python's backslash escapes. */
import { describe, expect, it } from 'vitest';
import { ByteCursor } from '../../../main/notebook/pickle/byte-cursor.ts';
import { readTextString } from '../../../main/notebook/pickle/text-args.ts';

function stringOf(line: string): unknown {
  return readTextString(new ByteCursor(new TextEncoder().encode(`${line}\n`), 'model.pkl'));
}

describe('protocol 0 STRING', () => {
  it("decodes Python's one-letter escapes, \\x and octal, and keeps an unknown escape as written", () => {
    // Every one-letter escape, a \x and an octal escape, then \q, which Python keeps as the two characters.
    const line = String.raw`'tab\there\n\'q\'\\ \a\b\f\r\v\" \x41\101 \q'`;
    expect(stringOf(line)).toBe("tab\there\n'q'\\ \x07\b\f\r\v\" AA \\q");
  });

  it('reads the same text between double quotes', () => {
    expect(stringOf(String.raw`"it's \"x\"\t"`)).toBe('it\'s "x"\t');
  });
});
