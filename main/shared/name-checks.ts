/** Refuses a name a user gave that Docker's grammar (docker-names.ts) would refuse, with one USAGE line; no Docker call. */
import { CraneError } from '../errors.ts';
import { containerKey, containerNameProblem, imageNameProblem, imageTagProblem, quoteName } from './docker-names.ts';

/**
 * Refuses text that is not an image reference or ID, with one line saying why; no Docker call is made.
 * @example assertImageName('a/../x'); // throws CraneError USAGE: "a/../x" is not an image name (…)
 */
export function assertImageName(text: string): string {
  const problem = imageNameProblem(text);
  if (problem) throw new CraneError('USAGE', problem);
  return text;
}

/** Refuses text that cannot name an image (`build -t`, a push target): a reference without a digest. */
export function assertImageTag(text: string): string {
  const problem = imageTagProblem(text);
  if (problem) throw new CraneError('USAGE', problem);
  return text;
}

/** Refuses text that is not a container name or ID; returns the name as the API's URL takes it. */
export function assertContainerName(text: string): string {
  const problem = containerNameProblem(text);
  if (problem) throw new CraneError('USAGE', problem);
  return containerKey(text);
}

/** Refuses text that names neither a container nor an image (`craneml rm` takes either). */
export function assertContainerOrImageName(text: string): string {
  if (containerNameProblem(text) && imageNameProblem(text))
    throw new CraneError(
      'USAGE',
      `${quoteName(text)} is not a container or image name (Docker names are letters, digits and separators ._- , images lowercase)`,
    );
  return text;
}
