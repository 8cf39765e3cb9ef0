/**
 * The runtime layer of an earlier build, reused by a model-only rebuild.
 *
 * The classic builder must receive the whole context (70 MB of runtime) to find out that the runtime
 * layer is cached. Instead, after a full build CraneML notes the image that `COPY runtime/ /app/`
 * produced (an intermediate image the daemon keeps as the parent of the model layer), keyed by
 * what made it: the runtime folder's digest, the base image's ID, the platform and the Dockerfile's
 * text up to that line. A later build with the same key sends only `FROM <that image>`, the rest of
 * the Dockerfile and the model: the same steps on the same parent, so the same layers and the same
 * image the full recipe gives (which `craneml export` hands out).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { cacheRoot } from './runtime-cache.ts';

/** The line of every runtime's Dockerfile that makes the runtime layer (main/runtimes/types.ts). */
export const RUNTIME_COPY_LINE = 'COPY runtime/ /app/';
/** How the classic builder records that step in the image history. */
const RUNTIME_COPY_HISTORY = /#\(nop\) COPY dir:[0-9a-f]+ in \/app\/ *$/;
/** Entries kept in the record (one per base image, platform and runtime version in use). */
const MAX_ENTRIES = 32;

export interface RuntimeLayerKey {
  runtimeDigest: string;
  baseImageId: string;
  platform: string;
  /** The Dockerfile up to and including RUNTIME_COPY_LINE. */
  head: string;
}

export interface SplitDockerfile {
  head: string;
  tail: string;
}

/** Splits a rendered Dockerfile after its runtime layer: what makes that layer, and what follows it. */
export function splitAtRuntimeLayer(dockerfile: string): SplitDockerfile {
  const lines = dockerfile.split('\n');
  const at = lines.findIndex((line) => line.trim() === RUNTIME_COPY_LINE);
  if (at < 0) throw new Error(`the Dockerfile has no "${RUNTIME_COPY_LINE}" line`);
  return { head: lines.slice(0, at + 1).join('\n') + '\n', tail: lines.slice(at + 1).join('\n') };
}

/** The Dockerfile of a model-only rebuild: the rest of the recipe on top of the runtime image. */
export function rebuildDockerfile(runtimeImageId: string, tail: string): string {
  return `# The runtime layer of an earlier build of the same runtime and base (CraneML reuses it)\nFROM ${runtimeImageId}\n${tail.replace(/^\n+/, '')}`;
}

function keyOf(key: RuntimeLayerKey): string {
  return createHash('sha256')
    .update(JSON.stringify([key.runtimeDigest, key.baseImageId, key.platform, key.head]))
    .digest('hex');
}

function recordFile(cacheDir: string): string {
  return path.join(cacheDir, 'runtime-images.json');
}

async function readEntries(cacheDir: string): Promise<Record<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(recordFile(cacheDir), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The runtime image noted for `key`, when the daemon still has it and it sits on the base image
 * (its layers begin with the base's): a stale or foreign entry costs a full build, never a wrong base.
 */
export async function findRuntimeImage(docker: Docker, key: RuntimeLayerKey, cacheDir = cacheRoot()): Promise<string | undefined> {
  const id = (await readEntries(cacheDir))[keyOf(key)];
  if (typeof id !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(id)) return undefined;
  try {
    const [image, base] = await Promise.all([docker.getImage(id).inspect(), docker.getImage(key.baseImageId).inspect()]);
    const [layers, baseLayers] = [image.RootFS.Layers ?? [], base.RootFS.Layers ?? []];
    const onBase = layers.length > baseLayers.length && baseLayers.every((layer, i) => layers[i] === layer);
    return image.Id === id && onBase ? id : undefined;
  } catch {
    return undefined; // pruned, or another daemon
  }
}

/** The image `COPY runtime/ /app/` made, from the built image's history (newest first). */
export async function runtimeImageOf(docker: Docker, imageId: string): Promise<string | undefined> {
  const history = (await docker.getImage(imageId).history()) as { Id?: string; CreatedBy?: string }[];
  const step = history.find((entry) => RUNTIME_COPY_HISTORY.test(entry.CreatedBy ?? ''));
  return step?.Id && /^sha256:[0-9a-f]{64}$/.test(step.Id) ? step.Id : undefined;
}

/** Notes the runtime image for `key` (last writer wins; a lost entry only costs one full build). */
export async function rememberRuntimeImage(key: RuntimeLayerKey, runtimeImageId: string, cacheDir = cacheRoot()): Promise<void> {
  const entries = await readEntries(cacheDir);
  const id = keyOf(key);
  delete entries[id];
  entries[id] = runtimeImageId;
  const kept = Object.entries(entries).slice(-MAX_ENTRIES);
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${recordFile(cacheDir)}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(Object.fromEntries(kept), null, 1) + '\n');
  await rename(temporary, recordFile(cacheDir));
}
