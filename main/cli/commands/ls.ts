/** `craneml ls`: CraneML containers (with status and URL) and images, found by label. */
import type { Command } from 'commander';
import type { ContainerSummary, ImageSummary } from '../../api/inventory.ts';
import { action } from '../run-action.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function containerTable(containers: ContainerSummary[]): string {
  if (containers.length === 0) return 'no CraneML containers (start one with craneml run <image>)';
  const rows = containers.map((c) => [c.name, c.state, c.url ?? '-', c.image, c.model ?? '-', c.status]);
  return table([['CONTAINER', 'STATE', 'URL', 'IMAGE', 'MODEL', 'STATUS'], ...rows]);
}

function imageTable(images: ImageSummary[]): string {
  if (images.length === 0) return 'no CraneML images (build one with craneml build)';
  const rows = images.map((i) => [
    i.tags.join(', ') || '<untagged>',
    i.id.replace(/^sha256:/, '').slice(0, 12),
    megabytes(i.sizeBytes),
    i.model ?? '-',
    i.created.toISOString(),
  ]);
  return table([['IMAGE', 'ID', 'SIZE', 'MODEL', 'CREATED'], ...rows]);
}

export function registerLsCommand(program: Command): void {
  program
    .command('ls')
    .description('list CraneML containers and images')
    .option('--containers', 'only containers')
    .option('--images', 'only images')
    .option('--json', 'print JSON')
    .action(
      action(async (options: { containers?: boolean; images?: boolean; json?: boolean }) => {
        const both = !options.containers && !options.images;
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { listContainers, listImages } = await import('../../api/inventory.ts');
        const docker = await connectDocker();
        const containers = both || options.containers ? await listContainers(docker) : undefined;
        const images = both || options.images ? await listImages(docker) : undefined;
        if (options.json) return console.log(JSON.stringify({ containers, images }, null, 2));
        const parts = [containers && containerTable(containers), images && imageTable(images)].filter(Boolean);
        console.log(parts.join('\n\n'));
      }),
    );
}
