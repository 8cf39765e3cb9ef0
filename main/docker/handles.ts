/** The one way to a dockerode image or container handle from a name a user gave: Docker's grammar first (shared/name-checks.ts). */
import type Docker from 'dockerode';
import { assertContainerName, assertImageName } from '../shared/name-checks.ts';

/**
 * `docker.getImage(name)` for a name that passed Docker's grammar.
 * @example await imageHandle(docker, 'digits:1.0').inspect();
 */
export function imageHandle(docker: Docker, name: string): Docker.Image {
  return docker.getImage(assertImageName(name));
}

/**
 * `docker.getContainer(name)` for a name or ID that passed Docker's grammar.
 * @example await containerHandle(docker, 'digits-3fa2c1').inspect();
 */
export function containerHandle(docker: Docker, name: string): Docker.Container {
  return docker.getContainer(assertContainerName(name));
}
