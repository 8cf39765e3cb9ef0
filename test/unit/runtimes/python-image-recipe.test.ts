/**
 * The Python image recipe for a model that takes pictures: Node.js comes from a stage of the Node
 * runtime's base and lands on PATH before the runtime layer; a model without pictures has none of it.
 */
import { describe, expect, it } from 'vitest';
import { renderPythonDockerfile } from '../../../main/runtimes/python/dockerfile.ts';
import { codecNodeImage } from '../../../main/runtimes/python/image-codec-node.ts';

const labels = { 'io.craneml.model.name': 'digits' };
const NODE_COPY = 'COPY --from=node /usr/local/bin/nod[e] /usr/bin/nod[e] /usr/local/bin/';

describe('the Python image recipe for pictures', () => {
  it('copies node from the Node base stage before the runtime layer, with the public image as the export default', async () => {
    const text = await renderPythonDockerfile('python:3.11-slim-bookworm', labels, {
      nodeImage: codecNodeImage('python:3.11-slim-bookworm'),
    });
    const lines = text.split('\n');
    expect(lines).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
    const stage = lines.indexOf('FROM ${NODE_IMAGE} AS node');
    const base = lines.indexOf('FROM ${BASE_IMAGE}');
    expect(stage).toBeGreaterThan(lines.indexOf('ARG NODE_IMAGE=node:20-bookworm-slim'));
    expect(base).toBeGreaterThan(stage);
    expect(lines.indexOf(NODE_COPY)).toBeGreaterThan(base);
    expect(lines.indexOf(NODE_COPY)).toBeLessThan(lines.indexOf('COPY runtime/ /app/'));
  });

  it('keeps the Node stage on a dependency image, with the Node image the build resolved', async () => {
    const text = await renderPythonDockerfile('craneml/python-deps:0123456789ab', labels, { nodeImage: 'craneml/local-base:node20' });
    const lines = text.split('\n');
    expect(lines.indexOf('ARG NODE_IMAGE=craneml/local-base:node20')).toBeLessThan(lines.indexOf('FROM ${NODE_IMAGE} AS node'));
    expect(lines.indexOf('FROM ${NODE_IMAGE} AS node')).toBeLessThan(lines.indexOf('FROM craneml/python-deps:0123456789ab'));
    expect(lines).toContain(NODE_COPY);
    expect(text).not.toContain('install.sh');
  });

  it('has no Node.js for a model without pictures', async () => {
    for (const base of ['python:3.11-slim-bookworm', 'craneml/python-deps:0123456789ab']) {
      const text = await renderPythonDockerfile(base, labels);
      expect(text).not.toMatch(/NODE_IMAGE|--from=node|image input/);
    }
  });
});
