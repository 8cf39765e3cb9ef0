/** What the CLI and the app show about an image: its size, its labels and the model input kind they record. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, toCraneError } from './docker-errors.ts';
import { imageHandle } from './handles.ts';
import { inputKindOf, type InputKind } from '../shared/usage-snippets.ts';

export interface ImageFacts {
  id: string;
  sizeBytes: number;
  labels: Record<string, string>;
  inputKind: InputKind;
}

/** @example (await imageFacts(docker, 'digits:1.0.0')).sizeBytes // 179393054 */
export async function imageFacts(docker: Docker, image: string): Promise<ImageFacts> {
  try {
    const info = await imageHandle(docker, image).inspect();
    const labels = info.Config.Labels ?? {};
    return { id: info.Id, sizeBytes: info.Size, labels, inputKind: inputKindOf(labels) };
  } catch (error) {
    if (classifyDockerError(error) === 'not-found')
      throw new CraneError('NOT_FOUND', `image ${image} not found; see craneml ls --images`, { cause: error });
    throw toCraneError(error, `inspecting image ${image}`);
  }
}
