/** The values compose.yaml and the Kubernetes manifests are filled with, from a project or a built image. */
import { CraneError } from '../errors.ts';
import { parseCpus, parseMemory } from '../shared/sizes.ts';
import { runtimeById } from '../runtimes/index.ts';
import { isReplicaCount, REPLICA_RANGE } from '../shared/deployment-rules.ts';
import { DEFAULT_HOST_PORT } from '../shared/port-rule.ts';
import { MIN_MEMORY_MB } from '../shared/resource-limits.ts';
import type { RuntimeId } from '../shared/python-runtime-schema.ts';

export interface DeployTarget {
  image: string;
  /** The model's name (craneml.json, or the image's io.craneml.model.name). */
  modelName: string;
  version: string;
  /** The runtime the image runs (the project's, or the image's io.craneml.runtime label): its health probe goes in compose.yaml. */
  runtime: RuntimeId;
}

/** A YAML flow sequence of the words, quoted as YAML reads them back unchanged. */
function yamlWords(words: readonly string[]): string {
  return `[${words.map((w) => (w.includes("'") ? JSON.stringify(w) : `'${w}'`)).join(', ')}]`;
}

export interface ManifestOptions {
  replicas?: number;
  /** Compose: the host port on 127.0.0.1 (default 8080). */
  port?: number;
  /** CPU limit per replica (default 1). */
  cpus?: string;
  /** Memory limit per replica (default 512m). */
  memory?: string;
}

/**
 * A DNS-1123 label for Kubernetes objects and the Compose service: lowercase letters, digits and dashes.
 * @example resourceName('Digits_v2'); // 'digits-v2'
 */
export function resourceName(modelName: string): string {
  const name = modelName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'model';
}

/** Placeholder → value for templates/deploy/**. */
export function manifestValues(target: DeployTarget, options: ManifestOptions = {}): Record<string, string> {
  const replicas = options.replicas ?? 1;
  if (!isReplicaCount(replicas)) throw new CraneError('USAGE', `--replicas wants ${REPLICA_RANGE}, got ${replicas}`);
  const port = options.port ?? DEFAULT_HOST_PORT;
  const cpus = parseCpus(options.cpus ?? '1') / 1e9;
  const memoryBytes = parseMemory(options.memory ?? '512m');
  const mebibytes = Math.max(MIN_MEMORY_MB, Math.round(memoryBytes / 1024 ** 2));
  const health = runtimeById(target.runtime).healthCheck;
  return {
    NAME: target.modelName,
    VERSION: target.version,
    IMAGE: target.image,
    SERVICE: resourceName(target.modelName),
    REPLICAS: String(replicas),
    MAX_REPLICAS: String(Math.max(replicas * 4, replicas + 1)),
    PORT: String(port),
    // Compose gives each replica one port of the range.
    PORT_RANGE: replicas > 1 ? `${port}-${port + replicas - 1}` : String(port),
    HOST: '127.0.0.1',
    CPUS: String(cpus),
    CPU_REQUEST: `${Math.max(1, Math.round(cpus * 250))}m`,
    MEMORY: `${mebibytes}M`,
    MEMORY_K8S: `${mebibytes}Mi`,
    HEALTH_TEST: yamlWords(['CMD', ...health.command]),
    HEALTH_INTERVAL: `${health.intervalS}s`,
    HEALTH_TIMEOUT: `${health.timeoutS}s`,
    HEALTH_RETRIES: String(health.retries),
    HEALTH_START_PERIOD: `${health.startPeriodS}s`,
  };
}
