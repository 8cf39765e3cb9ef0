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

  /**
   * The error again from its plain form `{ name: 'CraneApiError', code, message }`: Electron's
   * contextBridge rebuilds a thrown Error from its message alone, so the preload rejects with this.
   * @example api.dockerStatus({}).catch((e) => { throw CraneApiError.revive(e); })
   */
  static revive(value: unknown): unknown {
    const body = value as { name?: unknown; code?: unknown; message?: unknown } | null;
    if (!body || typeof body !== 'object' || body.name !== 'CraneApiError') return value;
    if (typeof body.code !== 'string' || typeof body.message !== 'string') return value;
    return new CraneApiError({ code: body.code as ApiErrorCode, message: body.message });
  }
}
