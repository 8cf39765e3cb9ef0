/**
 * Images from a multipart/form-data body (field "image", one or more files; a form with no such
 * field gives its files from any field, as generic upload clients name it "file"), with size and count limits.
 */
import type { IncomingMessage } from 'node:http';
import type { BodyAccount } from '../../../main/http/body.ts';
import { HttpError } from '../../../main/http/http-errors.ts';
import { readForm, type MultipartLimits } from '../../../main/http/multipart.ts';

const IMAGE_FIELDS = new Set(['image', 'images', 'image[]']);

/**
 * The bytes of every file sent in the "image" field, in order (else of every file in the form).
 * @example const images = await readImageParts(req, { maxBytes: 10e6, maxFiles: 64 });
 */
export async function readImageParts(req: IncomingMessage, limits: MultipartLimits, account?: BodyAccount): Promise<Buffer[]> {
  const { files } = await readForm(req, limits, account);
  const images = files.some((f) => IMAGE_FIELDS.has(f.field)) ? files.filter((f) => IMAGE_FIELDS.has(f.field)) : files;
  if (images.length === 0) throw new HttpError(422, 'INPUT_INVALID', 'the form has no file: send the picture in the field "image"');
  return images.map((f) => f.bytes);
}
