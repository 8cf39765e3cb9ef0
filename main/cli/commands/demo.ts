/**
 * `craneml demo`: the main job on the bundled digits example. Packages it into an image, runs it on
 * the local daemon, sends the sample drawings over HTTP and prints the predictions.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CraneError } from '../../errors.ts';
import { DEFAULT_HOST_PORT } from '../../shared/port-rule.ts';
import { BuildProgress } from '../build-progress.ts';
import { formatPrediction } from '../format-prediction.ts';
import { portOption } from '../options.ts';
import { action } from '../run-action.ts';

const DEMO_LABEL = 'io.craneml.demo';
const DEMO_NAME = 'craneml-demo-digits';

interface DemoOptions {
  port?: string;
  baseImage?: string;
  stop?: boolean;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('package the bundled digits example into an image, run it, and predict its sample drawings over HTTP')
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: 8080, or a free one when 8080 is taken)')
    .option('--base-image <image>', 'base image with Node.js 20+ (default: node:20-bookworm-slim, else the local base)')
    .option('--stop', 'stop and remove the container after the predictions')
    .action(
      action(async (options: DemoOptions) => {
        // Checked before the image is built, so a wrong port costs no build.
        const requestedPort = options.port === undefined ? undefined : portOption(options.port, '--port');
        const { DIGITS_EXAMPLE, digitsSamples } = await import('../../api/examples.ts');
        const { buildImage, openBuildTarget } = await import('../../api/image-build.ts');
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { removeLabelledContainers, removeResource } = await import('../../api/inventory.ts');
        const { preferredOrFreePort } = await import('../../api/host-ports.ts');
        const { startService } = await import('../../api/services.ts');
        const { predictNative } = await import('../predict-remote.ts');
        const project = await openBuildTarget({ target: DIGITS_EXAMPLE });
        const docker = await connectDocker();
        const progress = new BuildProgress();
        const image = await buildImage(
          docker,
          project,
          { tag: `craneml-demo/digits:${project.manifest.version}`, baseImage: options.baseImage },
          { onEvent: progress.onEvent },
        ).finally(() => progress.finish());
        console.log(
          `packaged ${image.tag}: ${(image.bytes / 1e6).toFixed(0)} MB, ${(image.ms / 1000).toFixed(1)} s, base ${image.baseImage}`,
        );

        await removeLabelledContainers(docker, { [DEMO_LABEL]: 'digits' });
        const running = await startService(docker, {
          image: image.tag,
          port: requestedPort ?? (await preferredOrFreePort(DEFAULT_HOST_PORT)),
          name: DEMO_NAME,
          network: 'host',
          labels: { [DEMO_LABEL]: 'digits' },
        });
        console.log(`running ${running.name} at ${running.url} (ready ${(running.readyMs / 1000).toFixed(2)} s after start)`);

        try {
          const files = await digitsSamples();
          const images = await Promise.all(files.map(async (file) => ({ name: path.basename(file), bytes: await readFile(file) })));
          const answer = await predictNative(running.url, images, []);
          let correct = 0;
          answer.predictions.forEach((prediction, i) => {
            const expected = images[i]!.name.replace(/\.png$/, '');
            if ('label' in prediction && prediction.label === expected) correct++;
            console.log(formatPrediction(`POST /predict ${images[i]!.name}`, prediction));
          });
          console.log(`${correct}/${images.length} sample drawings predicted as the digit they show`);
          if (correct !== images.length)
            throw new CraneError('INPUT_INVALID', `the digits image answered ${images.length - correct} sample(s) wrongly`);
        } finally {
          if (options.stop) await removeResource(docker, running.id, { force: true });
        }
        if (options.stop) return console.log(`stopped and removed ${running.name}`);
        console.log(`\nthe model keeps running: open ${running.url}/ for its page, ${running.url}/docs for the API`);
        console.log(
          `  curl -X POST ${running.url}/predict -H 'content-type: image/png' --data-binary @${path.relative(process.cwd(), path.join(DIGITS_EXAMPLE, 'samples', '7.png'))}`,
        );
        console.log(`  stop it with: craneml stop ${running.name} && craneml rm ${running.name}`);
        console.log(`  draw your own digits: npx craneml ui, then Containers › Test beside ${running.name}`);
      }),
    );
}
