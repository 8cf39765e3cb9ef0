/**
 * Child of model-kind-packages.test.ts: starts the model server in this process on the project in
 * argv[2], waits until it is ready (model loaded, warm-up call run), and prints as JSON the npm
 * packages this process loaded: through import (loader hooks) or require (require.cache) on this
 * thread, and native libraries mapped by any thread (/proc/self/maps: sharp, onnxruntime-node).
 */
import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loaded = new Set<string>();
const { port1, port2 } = new MessageChannel();
let flushed = (): void => {};
// A URL per module loaded, then null in answer to a flush: the port keeps order, so every URL posted before is in.
port1.on('message', (url: string | null) => (url === null ? flushed() : loaded.add(url)));
port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; port.on('message', () => port.postMessage(null)); port.unref(); }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });

const { startServer } = await import('../../templates/runtime-node/src/server.ts');
const server = await startServer({ project: process.argv[2]!, port: 0, host: '127.0.0.1', log: false });
await server.ready;
// The hooks' thread posts asynchronously: ask it for a flush, answered after its last URL.
await new Promise<void>((resolve) => {
  flushed = resolve;
  port1.postMessage('flush');
});
const mapped = readFileSync('/proc/self/maps', 'utf8').split('\n');
const files = [...loaded, ...Object.keys(createRequire(import.meta.url).cache), ...mapped];
const packages = new Set(files.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(file))?.[1] ?? []));
process.stdout.write(JSON.stringify([...packages].sort()) + '\n');
await server.shutdown();
process.exit(0);
