/** The manifest's rules the wizard's form checks too (name, version, picture size, top-k), said once: zod-free, so the form, the manifest and the API share them. */

/** Lowercase letters, digits, ".", "_" or "-", at most 63, starting with a letter or digit (it becomes the image's repository). */
export const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** A version like 1.0.0: letters, digits, ".", "_", "+" or "-", at most 64 (it becomes the image's tag). */
export const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/** The widest and tallest picture an image model may take, in pixels. */
export const MAX_IMAGE_SIDE = 8192;

/** The most classes an answer lists (postprocess.top_k). */
export const MAX_TOP_K = 1000;
