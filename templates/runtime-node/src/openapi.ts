/** GET /openapi.json: an OpenAPI 3.1 document generated from the contract schemas and the model's own signature and codec. */
import { z } from 'zod';
import type { Manifest } from '../../../main/manifest.ts';
import * as contract from '../../../main/shared/http-contract.ts';
import { BLANK_PNG_BASE64, instanceExample, instanceSchema, predictResponseExample } from './openapi-model.ts';
import { content, errors, get, ref } from './openapi-parts.ts';
import { v2Paths, v2RequestSchemaFor } from './openapi-v2.ts';
import { csvAnswerBody, csvRequestBody, tableColumns } from './openapi-table.ts';
import { RUNTIME_VERSION } from './version.ts';

type Doc = Record<string, unknown>;

function fromZod(schema: z.ZodType, io: 'input' | 'output' = 'output'): Doc {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io }) as Doc;
  delete json.$schema;
  return json;
}

function predictRequest(manifest: Manifest): Doc {
  const images = manifest.input.kind === 'image';
  const columns = tableColumns(manifest);
  const instance = instanceExample(manifest);
  const json: Doc = {
    schema: {
      oneOf: [
        {
          type: 'object',
          title: columns ? 'Rows' : 'Tensors',
          properties: { instances: { type: 'array', items: instanceSchema(manifest), minItems: 1 } },
          required: ['instances'],
        },
        ...(images
          ? [
              {
                type: 'object',
                title: 'One base64 image',
                properties: { image: { type: 'string', contentEncoding: 'base64', description: 'PNG or JPEG, optionally as a data: URL' } },
                required: ['image'],
              },
              {
                type: 'object',
                title: 'Several base64 images',
                properties: { images: { type: 'array', items: { type: 'string', contentEncoding: 'base64' } } },
                required: ['images'],
              },
            ]
          : []),
      ],
    },
    examples: {
      ...(instance !== undefined
        ? { instances: { summary: columns ? 'One row by column name' : 'One instance of zeros', value: { instances: [instance] } } }
        : {}),
      ...(images ? { image: { summary: 'A blank base64 PNG', value: { image: BLANK_PNG_BASE64 } } } : {}),
    },
  };
  const body: Doc = { 'application/json': json };
  if (columns) body['text/csv'] = csvRequestBody(columns);
  if (images) {
    const codec = manifest.input.kind === 'image' ? manifest.input : undefined;
    const described = `PNG or JPEG; encoded to ${codec?.width}x${codec?.height}, ${codec?.channels} channel(s), ${codec?.layout}`;
    body['multipart/form-data'] = {
      schema: {
        type: 'object',
        properties: {
          image: {
            type: 'array',
            items: { type: 'string', contentMediaType: 'image/png' },
            description: `One or more files in the field "image". ${described}`,
          },
        },
        required: ['image'],
      },
    };
    body['image/png'] = { schema: { type: 'string', contentMediaType: 'image/png', description: described } };
    body['image/jpeg'] = { schema: { type: 'string', contentMediaType: 'image/jpeg', description: described } };
  }
  return { required: true, content: body };
}

/**
 * The whole document for one model.
 * @example openApiDocument(manifest, { apiKey: false }).openapi // '3.1.0'
 */
export function openApiDocument(manifest: Manifest, options: { apiKey: boolean }): Doc {
  const doc = document(manifest, options);
  if (options.apiKey) {
    // Health checks stay open when an API key is set.
    const paths = doc.paths as Record<string, { get: Doc }>;
    for (const open of OPEN_PATHS) paths[open]!.get.security = [];
  }
  return doc;
}

const OPEN_PATHS = ['/healthz', '/readyz', '/v2/health/live', '/v2/health/ready'];

/** What /predict does, in its summary line. */
function predictSummary(manifest: Manifest): string {
  if (manifest.input.kind === 'table') return manifest.labels?.length ? 'Classify rows of a table' : 'Predict from rows of a table';
  return manifest.labels?.length ? 'Classify tensors or images' : 'Run the model on tensors or images';
}

function document(manifest: Manifest, options: { apiKey: boolean }): Doc {
  const health = { type: 'object', properties: { status: { type: 'string' } } };
  const security = options.apiKey ? [{ bearer: [] }, { apiKey: [] }] : undefined;
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: `${manifest.name} ${manifest.version}`,
      version: manifest.version,
      description: `${manifest.description ?? `The ${manifest.name} model`}\n\nServed by CraneML ${RUNTIME_VERSION}. Concurrent requests are batched into one model call.`,
    },
    servers: [{ url: '/' }],
    ...(security ? { security } : {}),
    paths: {
      '/predict': {
        post: {
          summary: predictSummary(manifest),
          requestBody: predictRequest(manifest),
          responses: {
            200: {
              description: 'One prediction per instance, row or image, in order',
              content: {
                ...content(ref('PredictResponse'), predictResponseExample(manifest)),
                ...(manifest.input.kind === 'table' ? { 'text/csv': csvAnswerBody(manifest) } : {}),
              },
            },
            ...errors([400, 401, 413, 415, 422, 503]),
          },
        },
      },
      '/metadata': get('Model signature, labels and input codec', ref('Metadata')),
      '/healthz': get('Liveness', health),
      '/readyz': get('Readiness: 200 once the model is loaded and warmed', health, undefined, {
        503: { description: 'Loading or shutting down' },
      }),
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
      ...v2Paths(manifest),
    },
    components: {
      schemas: {
        PredictResponse: fromZod(contract.predictResponseSchema),
        Error: fromZod(contract.errorBodySchema),
        V2Error: fromZod(contract.v2ErrorSchema),
        V2InferRequest: v2RequestSchemaFor(manifest, fromZod(contract.v2InferRequestSchema, 'input')),
        V2InferResponse: fromZod(contract.v2InferResponseSchema),
        V2ServerMetadata: fromZod(contract.v2ServerMetadataSchema),
        V2ModelMetadata: fromZod(contract.v2ModelMetadataSchema),
        Metadata: fromZod(contract.metadataSchema),
      },
      ...(options.apiKey
        ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } }
        : {}),
    },
  };
}
