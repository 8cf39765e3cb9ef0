/**
 * Downloads one npm package version from the registry into a local cache, checking its integrity.
 * Used for the Linux builds of native packages that this machine's install does not have (on macOS
 * and Windows, npm installs only the host's build of sharp; an image needs the Linux one).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extract } from 'tar';
import { z } from 'zod';

const TIMEOUT_MS = 60_000;
const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

export class PackageFetchError extends Error {}

const metadataSchema = z.object({
  versions: z.record(z.string(), z.object({ dist: z.object({ tarball: z.string().url(), integrity: z.string() }) })),
});

export function registryUrl(): string {
  const configured = process.env.npm_config_registry || process.env.NPM_CONFIG_REGISTRY || 'https://registry.npmjs.org/';
  return configured.endsWith('/') ? configured : `${configured}/`;
}

export function packageCacheDir(): string {
  if (process.env.CRANEML_CACHE_DIR) return path.join(process.env.CRANEML_CACHE_DIR, 'packages');
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'craneml', 'packages');
}

/** The response body, read with a size cap; a broken or oversized download is a PackageFetchError. */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) throw new PackageFetchError(`${url}: more than ${maxBytes} bytes, more than a package may be`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof PackageFetchError) throw error;
    throw new PackageFetchError(`${url}: the download broke off (${(error as Error).message})`);
  }
  return Buffer.concat(chunks);
}

async function download(url: string, maxBytes: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new PackageFetchError(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new PackageFetchError(`${url}: HTTP ${response.status}`);
  return readCapped(response, url, maxBytes);
}

/** Checks a Subresource Integrity string such as the registry's `sha512-<base64>`. */
function checkIntegrity(bytes: Buffer, integrity: string, what: string): void {
  const candidates = integrity.split(/\s+/).filter((entry) => /^sha(256|384|512)-/.test(entry));
  if (candidates.length === 0) throw new PackageFetchError(`${what}: the registry gave no usable checksum (${integrity.slice(0, 40)})`);
  const matches = candidates.some((entry) => {
    const [algorithm, expected] = [entry.slice(0, entry.indexOf('-')), entry.slice(entry.indexOf('-') + 1)];
    return createHash(algorithm).update(bytes).digest('base64') === expected;
  });
  if (!matches) throw new PackageFetchError(`${what}: the download does not match the registry's checksum`);
}

/**
 * The folder of `name@version`, downloaded once into the cache and reused after.
 * @example await fetchPackage('@img/sharp-linux-arm64', '0.35.5') // ~/.cache/craneml/packages/@img/sharp-linux-arm64@0.35.5
 */
export async function fetchPackage(
  name: string,
  version: string,
  cacheDir = packageCacheDir(),
  maxBytes = MAX_DOWNLOAD_BYTES,
): Promise<string> {
  const target = path.join(cacheDir, `${name}@${version}`);
  if (existsSync(path.join(target, 'package.json'))) return target;
  const what = `${name}@${version}`;
  const metadataUrl = `${registryUrl()}${name.replace('/', '%2f')}`;
  let metadata: z.infer<typeof metadataSchema>;
  try {
    metadata = metadataSchema.parse(JSON.parse((await download(metadataUrl, maxBytes)).toString('utf8')));
  } catch (error) {
    if (error instanceof PackageFetchError) throw error;
    throw new PackageFetchError(`${metadataUrl}: not the registry's package metadata`);
  }
  const dist = metadata.versions[version]?.dist;
  if (!dist) throw new PackageFetchError(`${what}: the registry has no such version`);
  const tarball = await download(dist.tarball, maxBytes);
  checkIntegrity(tarball, dist.integrity, what);

  await mkdir(path.dirname(target), { recursive: true });
  const staging = await mkdtemp(`${target}.partial-`);
  try {
    const archive = path.join(staging, 'package.tgz');
    await writeFile(archive, tarball);
    const unpacked = path.join(staging, 'unpacked');
    await mkdir(unpacked);
    // npm tarballs hold one top folder (usually "package/"); strip it, and never write outside.
    await extract({ file: archive, cwd: unpacked, strip: 1, preservePaths: false });
    if (!existsSync(path.join(unpacked, 'package.json'))) throw new PackageFetchError(`${what}: the tarball has no package.json`);
    await rename(unpacked, target).catch((error: NodeJS.ErrnoException) => {
      // Another build fetched the same package at the same moment: its copy is as good as ours.
      const raced = (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && existsSync(path.join(target, 'package.json'));
      if (!raced) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return target;
}
