/** A request's deadline for decoding and inference: past it the client gets 503 with Retry-After, not a wait. */
import { HttpError } from '../../../../main/http/http-errors.ts';

/**
 * `work`'s result, or 503 once `deadlineMs` have passed since `started` (performance.now()).
 * @example const result = await withDeadline(batcher.collect(produce), exchange.start, 30_000);
 */
export function withDeadline<T>(work: Promise<T>, started: number, deadlineMs: number | undefined): Promise<T> {
  if (deadlineMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HttpError(503, 'OVERLOADED', `the request was not answered within its deadline of ${deadlineMs / 1000} s; retry shortly`, {
            'Retry-After': '2',
          }),
        ),
      Math.max(0, started + deadlineMs - performance.now()),
    );
  });
  work.catch(() => {});
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
