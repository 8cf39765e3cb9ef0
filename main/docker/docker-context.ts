/** Reads the docker CLI's current context (`docker context use`) and its daemon endpoint. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { dockerConfigDir, type DiscoveryContext } from './discovery-context.ts';

export interface ContextEndpoint {
  name: string;
  host: string;
  /** Folder with the context's ca.pem/cert.pem/key.pem, when it has TLS material. */
  tlsDir?: string;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // missing or unreadable: the strategy simply has no candidate
  }
}

/** $DOCKER_CONTEXT, else `currentContext` from config.json; "default" means no context. */
export async function currentContextName(context: DiscoveryContext): Promise<string | undefined> {
  const fromEnv = context.env.DOCKER_CONTEXT;
  const name = fromEnv || (await readJson(path.join(dockerConfigDir(context), 'config.json')))?.currentContext;
  return typeof name === 'string' && name !== '' && name !== 'default' ? name : undefined;
}

/**
 * The daemon address of the current context: contexts/meta/<sha256(name)>/meta.json → Endpoints.docker.Host.
 * @example
 * await contextEndpoint(hostDiscoveryContext()); // { name: 'colima', host: 'unix:///Users/me/.colima/default/docker.sock' }
 */
export async function contextEndpoint(context: DiscoveryContext): Promise<ContextEndpoint | undefined> {
  const name = await currentContextName(context);
  if (!name) return undefined;
  const digest = createHash('sha256').update(name).digest('hex');
  const contexts = path.join(dockerConfigDir(context), 'contexts');
  const meta = await readJson(path.join(contexts, 'meta', digest, 'meta.json'));
  const endpoints = meta?.Endpoints as { docker?: { Host?: unknown } } | undefined;
  const host = endpoints?.docker?.Host;
  if (typeof host !== 'string' || host === '') return undefined;
  const tlsDir = path.join(contexts, 'tls', digest, 'docker');
  const hasTls = await stat(path.join(tlsDir, 'ca.pem')).then(
    () => true,
    () => false,
  );
  return { name, host, ...(hasTls ? { tlsDir } : {}) };
}
