/** Drains a daemon response stream through a parser, resolving with every event once it ends. */

export interface StreamParser<E> {
  push(chunk: Buffer | string): E[];
  end(): E[];
}

/**
 * Feeds each chunk to `parser`, hands every event to `onEvent` as it comes, and settles when the
 * stream ends (resolve) or emits `error` (reject): a dropped connection is never taken for success.
 * @example
 * const events = await readEventStream(stream, new BuildStreamParser(), (e) => console.log(e));
 */
export function readEventStream<E>(stream: NodeJS.ReadableStream, parser: StreamParser<E>, onEvent?: (event: E) => void): Promise<E[]> {
  const events: E[] = [];
  const emit = (batch: E[]): void => {
    for (const event of batch) {
      events.push(event);
      onEvent?.(event);
    }
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(events);
    };
    stream.on('data', (chunk: Buffer | string) => {
      try {
        emit(parser.push(chunk));
      } catch (error) {
        finish(error); // a throwing onEvent stops the read instead of being swallowed
      }
    });
    stream.on('error', (error) => finish(error));
    // 'close' without 'end' means the daemon hung up mid-stream.
    stream.on('close', () => finish(new Error('the Docker daemon closed the stream before it ended')));
    stream.on('end', () => {
      try {
        emit(parser.end());
        finish();
      } catch (error) {
        finish(error);
      }
    });
  });
}
