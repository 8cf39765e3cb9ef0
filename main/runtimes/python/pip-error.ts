/** pip's own line for why the dependency layer could not be installed, from the lines it printed. */

/** The classic builder and a terminal colour stderr (ESC[91m … ESC[0m); pip's words are what count. */
function withoutColour(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * The line that says what went wrong: a requirement no index has first (pip prints that line last,
 * after "Could not find a version…"), then any other `ERROR:` line, else the last line printed.
 * @example pipErrorLine(['Collecting nope==1.0', 'ERROR: No matching distribution found for nope==1.0']) // 'ERROR: No matching distribution found for nope==1.0'
 */
export function pipErrorLine(log: readonly string[]): string | undefined {
  const lines = log
    .flatMap((text) => withoutColour(text).split('\n'))
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    lines.find((line) => line.startsWith('ERROR: No matching distribution found')) ??
    lines.find((line) => line.startsWith('ERROR: ')) ??
    lines.at(-1)
  );
}
