/** A rejected call as the preload rethrows it: a CraneApiError's name, code and message. */
import type { ApiErrorCode } from '../../../main/shared/crane-api.ts';

export function apiError(code: ApiErrorCode, message: string): Error {
  return Object.assign(new Error(message), { name: 'CraneApiError', code });
}
