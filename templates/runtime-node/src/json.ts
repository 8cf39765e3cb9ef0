/** JSON request bodies: parse errors become 400s, schema failures one readable line. */
import type { z } from 'zod';
import { HttpError } from '../../../main/http/http-errors.ts';

/** Parses a UTF-8 JSON body; malformed JSON is a 400. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new HttpError(400, 'BAD_REQUEST', 'the request body is empty; send JSON');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'BAD_REQUEST', `malformed JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}

/** The first issue of a zod error as "path: message". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'the request body does not match the expected form';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'body';
  return `${where}: ${issue.message}`.slice(0, 300);
}
