/** The runtime's name and version, as /metadata and GET /v2 report them (kept equal to package.json by a test). */
export const RUNTIME_NAME = 'craneml';
export const RUNTIME_VERSION = '0.1.0';
