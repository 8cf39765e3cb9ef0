/** Hands text to the browser as a file download: a Blob behind an object URL and an `<a download>`, which a strict CSP allows. */

/**
 * Saves `text` as `fileName` (the browser's download, or its "Save as" when it asks).
 * @example downloadText('rows-predictions.csv', 'age,value\r\n33,1.5\r\n', 'text/csv')
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the URL would otherwise hold the text until the page closes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "rows.csv" -> "rows-predictions.csv". */
export function predictionsFileName(csvName: string): string {
  return `${csvName.replace(/\.csv$/i, '') || 'rows'}-predictions.csv`;
}
