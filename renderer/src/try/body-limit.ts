/** The model server's limit on one request's body, checked in the browser before anything is sent. */
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { formatBytes } from '../ui/format.ts';

/**
 * Why `bytes` cannot be sent to a server with these limits, in words naming the limit; null when it fits
 * (or the limits are not known). Checked before sending: a server refuses a body over its limit by
 * closing the connection mid-upload, which a browser reports as a failed call, not as the server's 413.
 * @example overBodyLimit('That picture', 12_000_000, metadata) // "That picture is 11.4 MB; this model takes at most 10.0 MB in one request."
 */
export function overBodyLimit(what: string, bytes: number, metadata: Pick<Metadata, 'limits'> | null | undefined): string | null {
  const limit = metadata?.limits.max_body_bytes;
  if (limit === undefined || bytes <= limit) return null;
  // Just over the limit both round alike: then the exact counts tell them apart.
  const [size, most] =
    formatBytes(bytes) === formatBytes(limit) ? [`${bytes} bytes`, `${limit} bytes`] : [formatBytes(bytes), formatBytes(limit)];
  return `${what} is ${size}; this model takes at most ${most} in one request.`;
}
