/** `craneml serve` for a project the Python runtime serves: refused, with the two commands that serve it. */
import { CraneError } from '../../errors.ts';
import type { EmbeddedServeOptions } from '../../shared/runtime-embed.ts';

/**
 * `craneml serve` runs a model server inside the CLI's own process, which for the Python runtime would
 * mean importing the project's predict.py or unpickling its model on the host: Python runs only in the
 * image, where its pinned packages are. So serve says how to run that image instead.
 * @example await refuseServe({ project: 'iris', host: '127.0.0.1', corsOrigins: [], log: true }) // throws CraneError USAGE
 */
export async function refuseServe(options: EmbeddedServeOptions): Promise<never> {
  const port = options.port ? ` --port ${options.port}` : '';
  throw new CraneError(
    'USAGE',
    `${options.project} is served by the Python runtime, which runs only in its image: craneml build ${options.project} -t NAME:TAG && craneml run NAME:TAG${port}`,
  );
}
