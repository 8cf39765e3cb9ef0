/** The labels a CraneML deployment (a Swarm service) carries, so status and undeploy find it by label. */
import { DEFAULT_HOST_PORT, parsePort } from '../shared/port-rule.ts';

export { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../docker/labels.ts';

/** The deployment's name (also the service's name). */
export const DEPLOYMENT_LABEL = 'io.craneml.deployment';
/** How replicas are reached: "ingress" (one port, the routing mesh) or "host" (one port per replica). */
export const PUBLISH_LABEL = 'io.craneml.publish';
/** The published port (ingress) or the first replica's port (host: replica N serves on port + N - 1). */
export const BASE_PORT_LABEL = 'io.craneml.base-port';

/** A deployment's base port from its labels (port-rule.ts); one without the label, made by hand, counts as on the default port. */
export function basePortOf(labels: Record<string, string> | undefined): number {
  return parsePort(labels?.[BASE_PORT_LABEL]) ?? DEFAULT_HOST_PORT;
}
/** Image labels copied onto the service, so status shows the model without inspecting the image. */
export const COPIED_IMAGE_LABELS = [
  'io.craneml.model.name',
  'io.craneml.model.version',
  'io.craneml.model.format',
  'io.craneml.model.input',
  'io.craneml.runtime',
];
