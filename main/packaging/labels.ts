/** The labels every CraneML image carries: OCI annotations plus CraneML's own. */
import type { Manifest } from '../manifest.ts';
import { RUNTIME_LABEL } from '../runtimes/image-layout.ts';
import { runtimeFor } from '../runtimes/index.ts';
import { CRANEML_VERSION } from '../version.ts';

export const MANAGED_BY_LABEL = 'io.craneml.managed-by';
/** The port the project's manifest serves on (server.port): where the app proposes to run the image. */
export const PROJECT_PORT_LABEL = 'io.craneml.port';

export function imageLabels(manifest: Manifest, created = new Date()): Record<string, string> {
  const entry = manifest.model.files.find((f) => f.path === manifest.model.entry) ?? manifest.model.files[0]!;
  return {
    'org.opencontainers.image.title': manifest.name,
    'org.opencontainers.image.version': manifest.version,
    'org.opencontainers.image.description': manifest.description ?? `${manifest.name} model served by CraneML`,
    'org.opencontainers.image.created': created.toISOString(),
    'org.opencontainers.image.vendor': 'CraneML',
    [MANAGED_BY_LABEL]: 'craneml',
    'io.craneml.version': CRANEML_VERSION,
    'io.craneml.model.name': manifest.name,
    'io.craneml.model.version': manifest.version,
    'io.craneml.model.format': manifest.format,
    [RUNTIME_LABEL]: runtimeFor(manifest).id,
    'io.craneml.model.input': manifest.input.kind,
    'io.craneml.model.sha256': entry.sha256,
    [PROJECT_PORT_LABEL]: String(manifest.server.port),
  };
}
