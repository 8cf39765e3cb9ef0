/**
 * Builds the converter images of the default version sets (templates/converter-python): the one every
 * scikit-learn, XGBoost and LightGBM file is converted in, and CatBoost's own, so the tests and a first
 * conversion find them made; nothing happens for one that exists. Needs PyPI the first time.
 * Usage: node bin/tsx.js scripts/make-converter-image.ts
 */
import { ensureConverterImage } from '../main/convert/converter-image.ts';
import { getDocker } from '../main/docker/client.ts';
import { describeError } from '../main/errors.ts';
import type { NeedsOf } from '../main/convert/version-set.ts';

const log = (message: string): void => console.error(`\x1b[1m[converter-image]\x1b[0m ${message}`);

/** One file's needs per requirements file (main/convert/version-set.ts): undefined stands for the default. */
const NEEDS: (NeedsOf | undefined)[] = [undefined, { library: 'catboost', globals: [] }];

try {
  const { docker } = await getDocker();
  for (const needs of NEEDS) {
    const image = await ensureConverterImage(docker, {
      needs,
      // Step lines and pip's last lines; the download lines would be hundreds.
      onProgress: (event) => {
        if (/^(step \d|Successfully installed|ERROR|.*could not be pulled)/.test(event.message)) log(event.message.slice(0, 200));
      },
    });
    const size = (await docker.getImage(image.imageId).inspect()).Size;
    log(
      `${image.built ? 'built' : 'up to date:'} ${image.tag} (${needs?.library ?? 'default'}) from ${image.baseImage}` +
        `${image.built ? ` in ${Math.round(image.seconds)} s` : ''}, ${(size / 1024 ** 2).toFixed(0)} MiB`,
    );
  }
} catch (error) {
  console.error(`[converter-image] ${describeError(error)}`);
  process.exit(1);
}
