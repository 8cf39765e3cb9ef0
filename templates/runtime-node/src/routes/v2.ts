/** Open Inference Protocol (KServe V2): server and model metadata, model readiness. */
import type { App } from '../app.ts';
import type { V2ModelMetadata } from '../../../../main/shared/http-contract.ts';
import { HttpError } from '../../../../main/http/http-errors.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';
import type { Params } from '../../../../main/http/router.ts';
import { v2Datatype } from '../../../../main/shared/v2-types.ts';
import { RUNTIME_NAME, RUNTIME_VERSION } from '../version.ts';
import { platformOf } from './metadata.ts';
import { columnMetadata } from '../../../../main/inference/table-v2.ts';

/** 404 unless the path names this server's model (and version, when it has one). */
export function checkModel(app: App, params: Params): void {
  const { name, version } = app.manifest;
  if (params.name !== name)
    throw new HttpError(404, 'NOT_FOUND', `model "${String(params.name).slice(0, 100)}" not found; this server serves "${name}"`);
  if (params.version !== undefined && params.version !== version) {
    throw new HttpError(404, 'NOT_FOUND', `model "${name}" has no version "${params.version.slice(0, 100)}"; it has "${version}"`);
  }
}

/** GET /v2 */
export function v2Server(exchange: Exchange): void {
  exchange.json(
    200,
    JSON.stringify({ name: RUNTIME_NAME, version: RUNTIME_VERSION, extensions: ['binary_tensor_data', 'classification'] }),
  );
}

/** The V2 metadata of the model. */
export function v2MetadataOf(app: App): V2ModelMetadata {
  const { manifest } = app;
  const tensor = (s: (typeof manifest.signature.inputs)[number]) => ({ name: s.name, datatype: v2Datatype(s.dtype), shape: s.shape });
  return {
    name: manifest.name,
    versions: [manifest.version],
    platform: platformOf(manifest),
    // A table is described by its columns, one V2 input each (the model's own inputs are taken too).
    inputs: manifest.input.kind === 'table' ? columnMetadata(manifest) : manifest.signature.inputs.map(tensor),
    outputs: manifest.signature.outputs.map(tensor),
  };
}

/** GET /v2/models/{name}[/versions/{version}] */
export function v2Model(exchange: Exchange, app: App, params: Params): void {
  checkModel(app, params);
  exchange.json(
    200,
    app.cached('v2-metadata', () => JSON.stringify(v2MetadataOf(app))),
  );
}

/** GET /v2/models/{name}[/versions/{version}]/ready */
export function v2ModelReady(exchange: Exchange, app: App, params: Params): void {
  checkModel(app, params);
  const body = JSON.stringify({ name: app.manifest.name, ready: app.ready });
  if (app.ready) exchange.json(200, body);
  else exchange.json(503, body, { 'Retry-After': '1' });
}
