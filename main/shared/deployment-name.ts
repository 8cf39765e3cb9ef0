/** A Swarm service name: letters, digits and dashes, up to 63, not starting or ending with a dash. Zod-free, so the renderer can check it too. */
export const DEPLOYMENT_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
