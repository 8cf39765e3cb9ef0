/** Python's one-character backslash escapes, alike in Python 2 byte strings and Python 3 literals. */

/** What each `\<letter>` stands for; the readers add their own (octal, \x, \u, a line continuation). */
export const PYTHON_SINGLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};
