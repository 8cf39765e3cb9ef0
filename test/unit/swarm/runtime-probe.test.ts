/** An image without its own HEALTHCHECK gets the probe of the runtime its io.craneml.runtime label names. */
import { describe, expect, it } from 'vitest';
import { runtimeById } from '../../../main/runtimes/index.ts';
import { healthcheckFor, type ImageConfig } from '../../../main/swarm/service-spec.ts';

const NS = 1e9;
const bare = (labels: Record<string, string>): ImageConfig => ({ id: 'sha256:abc', entrypoint: [], cmd: [], labels });

describe('a runtime probe for an image without a HEALTHCHECK', () => {
  it('is the Python runtime probe for an image labelled python, with its timing', () => {
    const python = runtimeById('python').healthCheck;
    expect(healthcheckFor(bare({ 'io.craneml.runtime': 'python' }), 'ingress')).toEqual({
      Test: ['CMD', ...python.command],
      Interval: python.intervalS * NS,
      Timeout: python.timeoutS * NS,
      StartPeriod: python.startPeriodS * NS,
      Retries: python.retries,
    });
  });

  it("is the Node runtime's for an image labelled before runtimes had a label", () => {
    const health = healthcheckFor(bare({ 'io.craneml.model.name': 'digits' }), 'ingress');
    expect(health.Test).toEqual(['CMD', ...runtimeById('node').healthCheck.command]);
  });

  it('runs with the replica port under host publishing', () => {
    const health = healthcheckFor(bare({ 'io.craneml.runtime': 'python' }), 'host') as { Test: string[] };
    expect(health.Test[0]).toBe('CMD-SHELL');
    expect(health.Test[1]).toMatch(
      /^PORT=\$\(\(CRANEML_BASE_PORT \+ CRANEML_REPLICA_SLOT - 1\)\); export PORT; exec python -m craneml_runtime\.health$/,
    );
  });
});
