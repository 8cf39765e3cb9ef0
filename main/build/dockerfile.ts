/** Renders the image recipe from templates/Dockerfile.node: the base image and the labels. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const DEFAULT_BASE_IMAGE = 'node:20-bookworm-slim';
const TEMPLATE = fileURLToPath(new URL('../../templates/Dockerfile.node', import.meta.url));

function quote(value: string): string {
  return JSON.stringify(value.replace(/[\r\n]+/g, ' '));
}

/** The Dockerfile text: `baseImage` becomes the ARG default; labels go last so they never invalidate the layers above. */
export async function renderDockerfile(baseImage: string, labels: Record<string, string>): Promise<string> {
  const template = await readFile(TEMPLATE, 'utf8');
  const withBase = template.replace(/^ARG BASE_IMAGE=.*$/m, `ARG BASE_IMAGE=${baseImage}`);
  const labelLines = Object.entries(labels).map(([key, value]) => `  ${key}=${quote(value)}`);
  return `${withBase.trimEnd()}\nLABEL \\\n${labelLines.join(' \\\n')}\n`;
}
