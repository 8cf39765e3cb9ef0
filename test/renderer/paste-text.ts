/** Puts text of many lines into a text area at once, as a paste would: Chromium types each line of a `fill` as its own edit. */
import type { Locator } from 'playwright-core';

/**
 * Sets the text area's value and sends the one `input` event a paste sends (React's onChange hears it).
 * Why not `locator.fill`: Chromium inserts a newline as a separate editing command with its own layout,
 * so filling 1,000 lines took 5 to 10 s a time on the shared machine; this takes milliseconds.
 * @example await pasteText(page.getByLabel('Labels (one per line)'), labels.join('\n'));
 */
export async function pasteText(area: Locator, text: string): Promise<void> {
  await area.evaluate((element, value) => {
    const textarea = element as HTMLTextAreaElement;
    textarea.focus();
    // The prototype's setter, not `textarea.value =`: React's own tracker would take that for its own write and skip onChange.
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(textarea, value);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}
