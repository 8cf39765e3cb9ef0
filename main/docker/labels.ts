/** The labels CraneML puts on (and finds) its images and containers; ownership.ts says which are really its own. */
import { MANAGED_BY_LABEL } from '../packaging/labels.ts';

export { MANAGED_BY_LABEL };
export const MANAGED_BY_VALUE = 'craneml';
/** The host port a container serves on, for `ls` to show its URL (the image's io.craneml.port is the port inside). */
export const HOST_PORT_LABEL = 'io.craneml.host-port';
/** The network mode a container was started with (host: the URL is 127.0.0.1:<port>). */
export const NETWORK_LABEL = 'io.craneml.network';

/**
 * The label filter that narrows a listing to candidates (never names: users pick those). Images
 * built FROM CraneML's and their containers inherit the label, so a match is not yet CraneML's.
 */
export function managedFilter(extra: Record<string, string> = {}): { label: string[] } {
  return { label: [`${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`, ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)] };
}
