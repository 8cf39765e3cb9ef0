/** `craneml build <model-or-project> -t name:tag`: package a model into a Docker image on the local daemon. */
import type { Command } from 'commander';
import { hostPlatform } from '../../shared/platform.ts';
import { assertImageName, assertImageTag } from '../../shared/name-checks.ts';
import { ImageBuildError } from '../../errors.ts';
import { cancelOnSignal } from '../cancel-on-signal.ts';
import { BuildProgress } from '../build-progress.ts';
import { action } from '../run-action.ts';

interface BuildCommandOptions {
  tag?: string;
  preset?: string;
  version?: string;
  baseImage?: string;
  platform: string;
  verbose?: boolean;
  json?: boolean;
}

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('package a model (or project folder) into a Docker image with its HTTP server')
    .argument('<target>', 'project folder or model file')
    .option('-t, --tag <name:tag>', 'image name (default: <name>:<version> from craneml.json)')
    .option('--preset <name>', 'for a bare model file: describe it with a preset (digits)')
    .option('--version <version>', "model version for this image instead of craneml.json's (its labels, /metadata and default tag)")
    .option(
      '--base-image <image>',
      "base image with what the model's runtime needs (default: the runtime's public base; when it cannot be pulled, the runtime's local base made by scripts/)",
    )
    .option('--platform <platform>', 'linux/amd64 or linux/arm64', hostPlatform())
    .option('-v, --verbose', 'print the build log')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (target: string, options: BuildCommandOptions) => {
        if (options.tag !== undefined) assertImageTag(options.tag);
        if (options.baseImage !== undefined) assertImageName(options.baseImage);
        const { buildImage, openBuildTarget } = await import('../../api/image-build.ts');
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const project = await openBuildTarget({ target, preset: options.preset, version: options.version });
        const docker = await connectDocker();
        const progress = new BuildProgress(process.stderr, options.verbose);
        const cancel = cancelOnSignal();
        let image;
        try {
          image = await buildImage(
            docker,
            project,
            { tag: options.tag, baseImage: options.baseImage, platform: options.platform },
            { onEvent: progress.onEvent, signal: cancel.signal },
          );
        } catch (error) {
          progress.finish();
          if (cancel.signal.aborted) {
            console.error('build cancelled; its temporary build folder was removed');
            process.exitCode = 130;
            return;
          }
          if (error instanceof ImageBuildError && !options.verbose && progress.lastLog.length > 0) {
            console.error(`last lines of the build log:\n  ${progress.lastLog.join('\n  ')}`);
          }
          throw error;
        } finally {
          cancel.dispose();
        }
        if (options.json) return console.log(JSON.stringify(image, null, 2));
        console.log(
          `built ${image.tag} (${(image.bytes / 1e6).toFixed(0)} MB, ${(image.ms / 1000).toFixed(1)} s, base ${image.baseImage}, ${image.platform})`,
        );
        console.log(`run it with: craneml run ${image.tag} --port 8080`);
      }),
    );
}
