/**
 * Which image the Node.js of a Python-runtime image's codec comes from: the Node runtime's own base
 * (node:20-bookworm-slim, else the local craneml/local-base:node20), chosen by the same rule every
 * base image follows (main/docker/base-image.ts). A CraneML build resolves it with its dependency image
 * and renders the recipe with it; an export's recipe names the public image (its NODE_IMAGE build arg).
 */
import type Docker from 'dockerode';
import { resolveBaseImage } from '../../docker/base-image.ts';
import { DEFAULT_BASE_IMAGE, LOCAL_BASE_IMAGE } from '../node/facts.ts';

/** The Node image resolved for each dependency image a build of this process started FROM. */
const resolved = new Map<string, string>();

/**
 * Makes sure the codec's Node image is here (present, pulled, or the local base) for a build FROM `depsImage`.
 * @example await resolveCodecNode(docker, 'craneml/python-deps:3f2a1b0c9d8e', 'linux/amd64', notify); // 'craneml/local-base:node20'
 */
export async function resolveCodecNode(
  docker: Docker,
  depsImage: string,
  platform: string,
  notify: (message: string) => void = () => {},
): Promise<string> {
  const node = await resolveBaseImage(docker, DEFAULT_BASE_IMAGE, {
    fallback: LOCAL_BASE_IMAGE,
    fallbackRecipe: 'bash scripts/make-local-base.sh',
    platform,
  });
  if (node.fellBackBecause) notify(`${node.fellBackBecause}; the image codec's Node.js comes from the local base ${node.image}`);
  resolved.set(depsImage, node.image);
  return node.image;
}

/**
 * The Node image for a recipe FROM `baseImage`: the one resolved for it, else the public one (an export).
 * @example codecNodeImage('python:3.11-slim-bookworm') // 'node:20-bookworm-slim'
 */
export function codecNodeImage(baseImage: string): string {
  return resolved.get(baseImage) ?? DEFAULT_BASE_IMAGE;
}
