/** `craneml export <model-or-project> -o <dir>`: Dockerfile, create.sh, run.sh, model and runtime in one folder. */
import type { Command } from 'commander';
import { hostPlatform } from '../../build/context.ts';
import { DEFAULT_BASE_IMAGE } from '../../build/dockerfile.ts';
import { exportProject } from '../../build/export.ts';
import { openProject } from '../../project.ts';
import { action } from '../run-action.ts';

interface ExportOptions {
  output: string;
  preset?: string;
  baseImage: string;
  platform: string;
  tag?: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a folder that builds and runs the model image without CraneML')
    .argument('<target>', 'project folder or model file')
    .requiredOption('-o, --output <dir>', 'folder to write (replaced if it exists)')
    .option('--preset <name>', 'for a bare model file: describe it with a preset (digits)')
    .option('--base-image <image>', 'base image with Node.js 20+', DEFAULT_BASE_IMAGE)
    .option('--platform <platform>', 'linux/amd64 or linux/arm64', hostPlatform())
    .option('-t, --tag <name:tag>', 'image name for create.sh (default: <name>:<version>)')
    .action(
      action(async (target: string, options: ExportOptions) => {
        const project = await openProject(target, { preset: options.preset });
        await exportProject(project, options.output, {
          baseImage: options.baseImage,
          platform: options.platform,
          tag: options.tag,
          onNotice: (message) => console.error(`note: ${message}`),
        });
        console.log(`wrote ${options.output}: Dockerfile, create.sh, run.sh, README.md, runtime/, model/`);
        console.log(`build and run it with: cd ${options.output} && ./create.sh && ./run.sh`);
      }),
    );
}
