/**
 * Builds the converter image of the default version set (templates/converter-python), so the tests
 * and a first conversion find it made; nothing happens when it exists. Needs PyPI the first time.
 * Usage: node bin/tsx.js scripts/make-converter-image.ts
 */
import { ensureConverterImage } from '../main/convert/converter-image.ts';
import { getDocker } from '../main/docker/client.ts';
import { describeError } from '../main/errors.ts';

const log = (message: string): void => console.error(`\x1b[1m[converter-image]\x1b[0m ${message}`);

try {
  const { docker } = await getDocker();
  const image = await ensureConverterImage(docker, {
    // Step lines and pip's last lines; the download lines would be hundreds.
    onProgress: (event) => {
      if (/^(step \d|Successfully installed|ERROR|.*could not be pulled)/.test(event.message)) log(event.message.slice(0, 200));
    },
  });
  const size = (await docker.getImage(image.imageId).inspect()).Size;
  log(
    `${image.built ? 'built' : 'up to date:'} ${image.tag} from ${image.baseImage}` +
      `${image.built ? ` in ${Math.round(image.seconds)} s` : ''}, ${(size / 1024 ** 2).toFixed(0)} MiB`,
  );
} catch (error) {
  console.error(`[converter-image] ${describeError(error)}`);
  process.exit(1);
}
