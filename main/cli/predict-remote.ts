/** `craneml predict <url>`: replaced by the HTTP client of the runtime server. */
import { CraneError } from '../errors.ts';
import type { PredictOptions } from './commands/predict.ts';

export async function predictRemote(url: string, options: PredictOptions): Promise<void> {
  void options;
  throw new CraneError('USAGE', `predicting against ${url} is not wired yet`);
}
