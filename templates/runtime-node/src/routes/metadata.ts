/** GET /metadata: the model's signature, labels, codec (a table's columns), task and conversion record, which clients need. */
import { maxImagePixels } from '../../../../main/codec/limits.ts';
import type { Manifest } from '../../../../main/manifest.ts';
import type { App } from '../app.ts';
import type { Metadata } from '../../../../main/shared/http-contract.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';
import { RUNTIME_NAME, RUNTIME_VERSION } from '../version.ts';

export function platformOf(manifest: Manifest): string {
  return manifest.format === 'onnx' ? 'onnxruntime_onnx' : 'tensorflowjs';
}

export function batchableOf(manifest: Manifest): boolean {
  return manifest.signature.inputs.every((s) => s.shape[0] === -1);
}

/** The /metadata document of a manifest. */
export function metadataOf(manifest: Manifest): Metadata {
  const { server } = manifest;
  return {
    name: manifest.name,
    version: manifest.version,
    ...(manifest.description ? { description: manifest.description } : {}),
    format: manifest.format,
    platform: platformOf(manifest),
    inputs: manifest.signature.inputs,
    outputs: manifest.signature.outputs,
    ...(manifest.labels ? { labels: manifest.labels } : {}),
    input: manifest.input,
    ...(manifest.task ? { task: manifest.task } : {}),
    ...(manifest.conversion ? { conversion: manifest.conversion } : {}),
    postprocess: manifest.postprocess,
    batching: { batchable: batchableOf(manifest), max_batch_size: server.max_batch_size, max_wait_ms: server.max_wait_ms },
    limits: {
      max_body_bytes: server.max_body_bytes,
      max_image_pixels: maxImagePixels(server, manifest.input.kind === 'image' ? manifest.input : undefined),
      max_queue: server.max_queue,
    },
    runtime: { name: RUNTIME_NAME, version: RUNTIME_VERSION },
  };
}

export function metadata(exchange: Exchange, app: App): void {
  exchange.json(
    200,
    app.cached('metadata', () => JSON.stringify(metadataOf(app.manifest))),
  );
}
