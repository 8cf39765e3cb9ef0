/** Any thrown value as the contract's error body: the core's stable code and one line, never a stack. */
import { CraneError, describeError } from '../errors.ts';
import type { ApiErrorBody } from '../shared/crane-api.ts';

/** @example toErrorBody(new ModelFormatError('x.bin: not a model')) // { code: 'MODEL_FORMAT', message: 'x.bin: not a model' } */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof CraneError) return { code: error.code, message: error.message.split('\n')[0] ?? error.code };
  return { code: 'INTERNAL', message: `something went wrong inside CraneML: ${describeError(error)}` };
}
