/**
 * The Docker resources a test run could leave behind, as `kind id → description`: containers and
 * images carrying CraneML's or the tests' label, every volume and network, and CraneML's Swarm services.
 */
import type Docker from 'dockerode';
import { MANAGED_BY_LABEL } from '../../../main/docker/labels.ts';
import { DEPS_DIGEST_LABEL } from '../../../main/runtimes/python/deps-image.ts';
import { TEST_LABEL } from '../../docker/require-docker.ts';

/** `container 3f2a…` → `container /craneml-test-x (image craneml-test/x:1, exited)`. */
export type DockerSnapshot = Map<string, string>;

// Docker ANDs the labels of one filter, so each label is asked for on its own and the answers joined.
const LABEL_FILTERS = [MANAGED_BY_LABEL, TEST_LABEL].map((label) => ({ label: [label] }));
const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

async function containers(docker: Docker, into: DockerSnapshot): Promise<void> {
  for (const filters of LABEL_FILTERS)
    for (const c of await docker.listContainers({ all: true, filters }))
      into.set(`container ${c.Id}`, `container ${c.Names.join(',')} (${short(c.Id)}, image ${c.Image}, ${c.State})`);
}

/**
 * A Python runtime's dependency image (pinned packages, made once per set and reused by every later
 * build, as the converter images are) is CraneML's cache, not a leftover; model images built FROM it
 * inherit its label but carry a model name.
 */
function isPackageCache(labels: Record<string, string> | null | undefined): boolean {
  return labels?.[DEPS_DIGEST_LABEL] !== undefined && labels['io.craneml.model.name'] === undefined;
}

async function images(docker: Docker, into: DockerSnapshot): Promise<void> {
  for (const filters of LABEL_FILTERS)
    for (const i of await docker.listImages({ filters })) {
      if (isPackageCache(i.Labels)) continue;
      const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
      into.set(`image ${i.Id}`, `image ${tags.length ? tags.join(',') : '<untagged>'} (${short(i.Id)})`);
    }
}

async function volumesAndNetworks(docker: Docker, into: DockerSnapshot): Promise<void> {
  const { Volumes } = await docker.listVolumes();
  for (const v of Volumes ?? []) into.set(`volume ${v.Name}`, `volume ${v.Name}`);
  for (const n of await docker.listNetworks()) into.set(`network ${n.Id}`, `network ${n.Name} (${n.Driver})`);
}

async function services(docker: Docker, into: DockerSnapshot): Promise<void> {
  // A daemon that is not a Swarm manager answers 503: it runs no services, so there is nothing to list.
  const list = await docker.listServices({ filters: { label: [MANAGED_BY_LABEL] } }).catch(() => []);
  for (const s of list) if (s.ID) into.set(`service ${s.ID}`, `service ${s.Spec?.Name ?? s.ID}`);
}

/** Everything listed above, now. */
export async function dockerSnapshot(docker: Docker): Promise<DockerSnapshot> {
  const snapshot: DockerSnapshot = new Map();
  await Promise.all([
    containers(docker, snapshot),
    images(docker, snapshot),
    volumesAndNetworks(docker, snapshot),
    services(docker, snapshot),
  ]);
  return snapshot;
}

/** The descriptions of what `after` holds and `before` did not. */
export function newResources(before: DockerSnapshot, after: DockerSnapshot): string[] {
  return [...after].filter(([key]) => !before.has(key)).map(([, description]) => description);
}
