/** Renders the Node runtime's image recipe from templates/Dockerfile.node: the base image, the health check and the labels. */
import { readFile } from 'node:fs/promises';
import { appFile } from '../../packaging/app-resources.ts';
import { withBaseAndLabels } from '../../packaging/dockerfile-text.ts';
import { healthcheckInstruction } from '../health-check.ts';
import { NODE_HEALTH_CHECK } from './facts.ts';

export { DEFAULT_BASE_IMAGE } from './facts.ts';
const TEMPLATE = appFile('templates/Dockerfile.node');
/** The HEALTHCHECK instruction with its continuation lines. */
const HEALTHCHECK = /^HEALTHCHECK (?:.*\\\n)*.*$/m;

/** The Dockerfile text: `baseImage` becomes the ARG default; labels go last so they never invalidate the layers above. */
export async function renderDockerfile(baseImage: string, labels: Record<string, string>): Promise<string> {
  const template = (await readFile(TEMPLATE, 'utf8')).replace(HEALTHCHECK, healthcheckInstruction(NODE_HEALTH_CHECK));
  return withBaseAndLabels(template, baseImage, labels);
}
