/** Waits for something to happen by asking again until it has, for code outside a vitest test (expect.poll's twin). */

export interface PollOptions {
  /** Gives up after this long (default 15 s, the suite's expect.poll timeout). */
  timeoutMs?: number;
  /** Asks again this often (default 10 ms). */
  everyMs?: number;
}

/**
 * The first truthy answer of `probe`, asked again every `everyMs`; fails naming `what` after `timeoutMs`.
 * For child scripts and fixtures, where vitest's expect.poll and vi.waitFor are not at hand.
 * @example
 * const window = await pollUntil('the main window', () => BrowserWindow.created[0]);
 */
export async function pollUntil<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 15_000, everyMs = 10 }: PollOptions = {},
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer) return answer;
    if (Date.now() > giveUpAt) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
