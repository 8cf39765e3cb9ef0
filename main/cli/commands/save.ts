/** `craneml save <image> [-o file.tar]`: export an image as a tar for `docker load`. */
import type { Command } from 'commander';
import { assertImageName } from '../../shared/name-checks.ts';
import { parseImageRef } from '../../shared/image-ref.ts';
import { action } from '../run-action.ts';

function defaultFile(image: string): string {
  const ref = parseImageRef(image);
  return `${ref.repository.split('/').pop()}-${ref.tag}.tar`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

export function registerSaveCommand(program: Command): void {
  program
    .command('save')
    .description('write an image to a tar file (load it elsewhere with docker load -i)')
    .argument('<image>', 'image name or ID')
    .option('-o, --output <file>', 'tar file to write (default: <name>-<tag>.tar)')
    .option('--force', 'replace an existing file (a regular file only, never a link or a device)')
    .action(
      action(async (image: string, options: { output?: string; force?: boolean }) => {
        assertImageName(image);
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { saveImageTar } = await import('../../api/image-exports.ts');
        const docker = await connectDocker();
        const { file, bytes } = await saveImageTar(docker, image, options.output ?? defaultFile(image), {
          replace: options.force === true,
        });
        console.log(`saved ${image} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB); load it with: docker load -i ${file}`);
      }),
    );
}
