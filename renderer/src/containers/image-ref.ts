/** How an image row is referred to: its first tag (else its id), and a file-name-safe name for exports. */
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
