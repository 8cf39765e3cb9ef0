/** How an image row is referred to: its first tag (else its id), a file-name-safe name for exports, a deployment name. */
import type { ImageRow } from '../../../main/shared/crane-api.ts';

export function imageRef(row: ImageRow): string {
  return row.tags[0] ?? row.id;
}

/** "registry:5000/team/digits:1.0.0" -> "digits-1.0.0". */
export function exportName(row: ImageRow): string {
  const ref = imageRef(row);
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  return last.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'image';
}

/** The name the core gives a deployment of this image when none is asked for: "registry:5000/team/Digits:1.0.0" -> "digits". */
export function deploymentName(row: ImageRow): string {
  const ref = imageRef(row);
  const repository = ref.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  const base = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
  return (
    base
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'model'
  );
}
