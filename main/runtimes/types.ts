/** What a model server CraneML builds into images is to the rest of CraneML: one interface, one implementation per runtime. */
import type Docker from 'dockerode';
import type { BuildStreamEvent } from '../docker/build-stream.ts';
import type { Manifest, ManifestFormat } from '../shared/manifest-schema.ts';
import type { RuntimeId } from '../shared/python-runtime-schema.ts';
import type { EmbeddedServeOptions, EmbeddedServer } from '../shared/runtime-embed.ts';
import type { Project } from '../project.ts';

/** The base images a runtime's Dockerfile starts from. */
export interface RuntimeBase {
  /** The public image a build pulls by default, e.g. "node:20-bookworm-slim" or "python:3.11-slim". */
  image: string;
  /** The image made on this machine when the public one cannot be pulled (no registry), e.g. "craneml/local-base:node20". */
  local: string;
  /** The command that makes `local`, for the message when neither image is here. */
  localRecipe: string;
  /** What a `--base-image` must carry, for help and messages, e.g. "Node.js 20+". */
  needs: string;
}

/** The runtime layer's folder, prepared on the host (copied into the context as `runtime/`). */
export interface PreparedRuntime {
  /** The prepared folder; read-only by convention: copy it, never write into it. */
  dir: string;
  /** sha256 over the folder's paths, modes and contents: names the runtime layer a model-only rebuild reuses. */
  digest: string;
  /** True when an earlier build's folder was reused. */
  reused: boolean;
}

export interface PrepareOptions {
  /** Told about slow steps (a one-time download for the target platform, a dependency resolve). */
  notify?: (message: string) => void;
  /** The cache folder (default: main/runtimes/cache-root.ts's). */
  cacheDir?: string;
}

/** What a runtime's `buildBase` is given by main/packaging/package-image.ts. */
export interface BuildBaseOptions {
  /** The resolved base image (pulled, or the local fallback). */
  base: string;
  platform: string;
  /** The prepared runtime folder of this build. */
  runtime: PreparedRuntime;
  cacheDir?: string;
  /** Extra labels for an image made on the way (tests mark theirs). */
  labels?: Record<string, string>;
  /** Build log lines of an image made on the way (pip's progress), shown like the build's own. */
  onEvent?: (event: BuildStreamEvent) => void;
  notify?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * The container's health probe, in exec form, with its timing: the Dockerfile's HEALTHCHECK, the
 * Swarm service's and the Compose file's all come from this one value.
 */
export interface HealthCheck {
  /** e.g. ["python", "-m", "craneml_runtime.health"]; exits 0 when /readyz on $PORT answers 200. */
  command: readonly string[];
  intervalS: number;
  timeoutS: number;
  startPeriodS: number;
  retries: number;
}

/**
 * One model server. Its Dockerfile holds the line `COPY runtime/ /app/` exactly once
 * (main/packaging/runtime-image.ts's RUNTIME_COPY_LINE): what comes before it depends only on the base
 * image, the Dockerfile's text and the prepared folder (whose digest keys the reuse), what follows it
 * only on the model (`model/`) and the labels.
 */
export interface Runtime {
  id: RuntimeId;
  /** How people call it, e.g. "Node.js (ONNX Runtime, TF.js)". */
  label: string;
  /** The manifest formats it serves (main/runtimes/index.ts picks the runtime by these). */
  formats: readonly ManifestFormat[];
  /** The base images for this manifest (a Python project's base follows its python.version). */
  base(manifest: Manifest): RuntimeBase;
  /**
   * The runtime layer's folder for `project` on `platform` (linux/amd64, linux/arm64), from the
   * cache when current. A platform the runtime cannot build for is a CraneError('USAGE').
   */
  prepare(project: Project, platform: string, options?: PrepareOptions): Promise<PreparedRuntime>;
  /** The Dockerfile's text: `baseImage` as the ARG default, the labels last (they never invalidate a layer). */
  dockerfile(manifest: Manifest, baseImage: string, labels: Record<string, string>): Promise<string>;
  /**
   * The image a CraneML build starts FROM instead of the resolved base, made on the way when missing
   * (the Python runtime's dependency image); its Dockerfile is then asked with that image. Left out,
   * the build starts from the base. `craneml export` never calls it: its recipe is whole.
   */
  buildBase?(docker: Docker, project: Project, options: BuildBaseOptions): Promise<string>;
  /** The image's health probe (Dockerfile HEALTHCHECK, Swarm, Compose). */
  healthCheck: HealthCheck;
  /** The image's ENTRYPOINT, e.g. ["node", "/app/server.mjs"]; the port inside the image is 8080 ($PORT). */
  entrypoint: readonly string[];
  /** `craneml serve`: serves the project in the foreground until SIGTERM/SIGINT, or a CraneError saying what to do instead. */
  serve(options: EmbeddedServeOptions): Promise<EmbeddedServer>;
  /**
   * What distinguishes one prepared folder of this runtime from another in the cache (node: the format's
   * packages and the architecture), e.g. "node-onnx-x64".
   */
  cacheKey(manifest: Manifest, platform: string): string;
}
