/** Renders the image recipe from templates/Dockerfile.node: the base image and the labels. */
import { readFile } from 'node:fs/promises';
import { appFile } from './app-resources.ts';

export const DEFAULT_BASE_IMAGE = 'node:20-bookworm-slim';
const TEMPLATE = appFile('templates/Dockerfile.node');

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
