/** The docker/ module's public surface: discovery, build, run, list, logs, stop, rm, save, push. */
export { getDocker, resetDocker } from './client.ts';
export { discoverDocker, type DockerConnection, type DiscoverOptions } from './discover.ts';
export { hostDiscoveryContext, type DiscoveryContext } from './discovery-context.ts';
export type { Endpoint } from './endpoint.ts';
export { classifyDockerError, daemonMessage, toCraneError, type DockerErrorKind } from './docker-errors.ts';
export { BuildStreamParser, type BuildStreamEvent, type BuildStep } from './build-stream.ts';
export { buildImage, type BuildOptions, type BuiltImage } from './build-image.ts';
export { runContainer, type RunOptions, type RunningContainer } from './run-container.ts';
export { listContainers, listImages, type ContainerSummary, type ImageSummary } from './list.ts';
export { readLogs, followLogs, lastLogLines } from './container-logs.ts';
export { stopContainer } from './stop.ts';
export { removeResource, type Removed } from './remove.ts';
export { saveImage } from './save.ts';
export { pushImage, type PushOptions, type RegistryAuth } from './push.ts';
export { RegistryStreamParser, type RegistryEvent } from './registry-stream.ts';
export { parseMemory, parseCpus } from '../shared/sizes.ts';
export { assertPortFree, isPortFree, freePort } from './host-port.ts';
export { MANAGED_BY_LABEL, MANAGED_BY_VALUE, managedFilter } from './labels.ts';
