/** Named errors with a stable `code`, so callers branch on codes and never on message text. */

export type CraneErrorCode =
  | 'MODEL_FORMAT'
  | 'MODEL_CORRUPT'
  | 'MODEL_FILES'
  | 'MANIFEST_INVALID'
  | 'INPUT_INVALID'
  | 'INPUT_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA'
  | 'NOT_FOUND'
  | 'USAGE'
  | 'DOCKER_UNAVAILABLE'
  | 'DOCKER_ERROR'
  | 'IMAGE_BUILD'
  | 'BASE_IMAGE'
  | 'CONTAINER_START'
  | 'PORT_IN_USE'
  /** Docker is not in Swarm mode and turning it on was not allowed. */
  | 'SWARM_INACTIVE'
  /** A path to write holds what CraneML wrote before, and replacing it was not asked for. */
  | 'TARGET_EXISTS'
  /** A path CraneML never writes (the home folder, a link, a folder of other files…), or one that changed meanwhile. */
  | 'TARGET_REFUSED'
  /** A notebook model file (pickle, joblib, skops) names code outside the allow-list: refused, never run. */
  | 'UNSAFE_MODEL'
  /** A notebook model could not be converted to ONNX, or its ONNX answers differ (parity failed). */
  | 'CONVERSION_FAILED'
  /** A model file that does not declare its input's shape (TorchScript) was given none: the caller asks for it. */
  | 'INPUT_SHAPE_NEEDED'
  | 'NETWORK';

/** Marks CraneErrors made by any copy of this module (see Symbol.hasInstance below). */
const CRANE_ERROR_BRAND = Symbol.for('craneml.CraneError');

/** Base class: every error a user can cause or fix. The CLI prints `message` alone and exits 2. */
export class CraneError extends Error {
  readonly code: CraneErrorCode;

  constructor(code: CraneErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, CRANE_ERROR_BRAND, { value: true });
  }

  /**
   * The compiled CLI and the model server it loads by path are separate bundles, each with its own
   * copy of this class: an error the server throws must still be a CraneError to the CLI (exit 2,
   * one line). Subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== CraneError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CRANE_ERROR_BRAND] === true;
  }
}

/** The file is not a model CraneML knows, or a known format that is not supported yet. */
export class ModelFormatError extends CraneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_FORMAT', message, options);
  }
}

/** The file claims a known format but cannot be read (truncated, corrupt, missing shards). */
export class ModelCorruptError extends CraneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_CORRUPT', message, options);
  }
}

/** craneml.json is missing or fails its schema; `message` names the field path. */
export class ManifestError extends CraneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MANIFEST_INVALID', message, options);
  }
}

/** An input (tensor, image, JSON) does not fit the model: wrong shape, dtype, or undecodable image. */
export class InputError extends CraneError {
  constructor(message: string, options?: { cause?: unknown; code?: 'INPUT_INVALID' | 'INPUT_TOO_LARGE' | 'UNSUPPORTED_MEDIA' }) {
    super(options?.code ?? 'INPUT_INVALID', message, options);
  }
}

/** No Docker daemon answered, with what to do about it. */
export class DockerUnavailableError extends CraneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DOCKER_UNAVAILABLE', message, options);
  }
}

/** A `docker build` failed; `step` is the failing Dockerfile step when the daemon named one. */
export class ImageBuildError extends CraneError {
  readonly step?: string;

  constructor(message: string, options?: { cause?: unknown; step?: string }) {
    super('IMAGE_BUILD', message, options);
    this.step = options?.step;
  }
}

/** Formats any thrown value as one line for a terminal or a log. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
