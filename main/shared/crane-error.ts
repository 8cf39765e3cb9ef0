/** The error every CraneApi transport carries, kept apart from the schemas so the renderer's bundle needs no zod. */
import type { CraneErrorCode } from '../errors.ts';

/** The core's stable codes, plus the transport's own. */
export type ApiErrorCode = CraneErrorCode | 'BAD_ARGUMENTS' | 'CANCELLED' | 'FORBIDDEN' | 'INTERNAL';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

/** What every transport throws on the renderer's side: the core's code and one clear message. */
export class CraneApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'CraneApiError';
    this.code = body.code;
  }
}
