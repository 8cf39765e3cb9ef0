/**
 * The Python-runtime image recipe (templates/Dockerfile.python), rendered with its base image, health
 * check and labels. Built FROM the dependency image CraneML made (deps-image.ts), the recipe starts
 * after its dependency layer; from any other base it is whole (what `craneml export` hands out). Its
 * "image input" blocks (the Node.js stage for the image codec) stay only for a model that takes pictures.
 */
import { readFile } from 'node:fs/promises';
import { appFile } from '../../packaging/app-resources.ts';
import { withBaseAndLabels } from '../../packaging/dockerfile-text.ts';
import { healthcheckInstruction } from '../health-check.ts';
import { DEPS_REPOSITORY } from './deps-image.ts';
import { PYTHON_HEALTH_CHECK } from './health.ts';

const TEMPLATE = appFile('templates/Dockerfile.python');
/** The template's line that makes the dependency layer. */
export const DEPS_RUN_LINE = 'RUN sh /tmp/craneml-deps/install.sh && rm -rf /tmp/craneml-deps';
/** The HEALTHCHECK instruction with its continuation lines. */
const HEALTHCHECK = /^HEALTHCHECK (?:.*\\\n)*.*$/m;
/** A block of lines only a model that takes pictures needs, from its "# image input:" line to "# end image input". */
const IMAGE_BLOCK = /^# image input:.*\n(?:.*\n)*?# end image input\n/gm;
/** The Node.js stage the image codec's `node` is copied from (the template's first image-input block). */
const NODE_STAGE = /^# image input:.*\n(?:.*\n)*?FROM \$\{NODE_IMAGE\} AS node\n# end image input\n/m;

/** Whether `image` is a dependency image CraneML made, which holds the dependency layer already. */
export function isDepsImage(image: string): boolean {
  return image.startsWith(`${DEPS_REPOSITORY}:`);
}

/** What follows the dependency layer, on top of the dependency image (after the Node.js stage, when there is one). */
function afterDepsLayer(dockerfile: string, depsImage: string): string {
  const nodeStage = NODE_STAGE.exec(dockerfile)?.[0];
  const lines = dockerfile.split('\n');
  const at = lines.findIndex((line) => line.trim() === DEPS_RUN_LINE);
  if (at < 0) throw new Error(`templates/Dockerfile.python has no "${DEPS_RUN_LINE}" line`);
  const tail = lines
    .slice(at + 1)
    .join('\n')
    .replace(/^\n+/, '');
  const from = `# On the dependency layer CraneML made from the base and requirements (the export's Dockerfile has its steps)\nFROM ${depsImage}\n\n${tail}`;
  return nodeStage ? `${nodeStage}${from}` : from;
}

/** What a model that takes pictures adds to the recipe. */
export interface ImageInputRecipe {
  /** The image `node` is copied from: node:20-bookworm-slim, or CraneML's local Node base (image-codec-node.ts). */
  nodeImage: string;
}

/**
 * The Dockerfile text: `baseImage` becomes the ARG default (or, for a dependency image, the FROM of
 * what follows its layer); labels go last so they never invalidate the layers above. With `images`,
 * the Node.js stage for the image codec, its image the NODE_IMAGE default.
 * @example await renderPythonDockerfile('craneml/local-base:python3.11', { 'io.craneml.model.name': 'iris' })
 */
export async function renderPythonDockerfile(
  baseImage: string,
  labels: Record<string, string>,
  images?: ImageInputRecipe,
): Promise<string> {
  const text = (await readFile(TEMPLATE, 'utf8')).replace(HEALTHCHECK, healthcheckInstruction(PYTHON_HEALTH_CHECK));
  const template = images ? text.replace(/^ARG NODE_IMAGE=.*$/m, `ARG NODE_IMAGE=${images.nodeImage}`) : text.replace(IMAGE_BLOCK, '');
  return withBaseAndLabels(isDepsImage(baseImage) ? afterDepsLayer(template, baseImage) : template, baseImage, labels);
}
