/** The Swarm service spec of a deployment: the image's own HEALTHCHECK, one port per replica with host publishing, safe rolling updates. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { replicaPort } from '../../../main/swarm/publishing.ts';
import { healthcheckFor, serviceSpec, type ImageConfig, type SpecOptions } from '../../../main/swarm/service-spec.ts';
import { defaultDeploymentName } from '../../../main/swarm/deploy.ts';

const NS = 1e9;
const image: ImageConfig = {
  id: 'sha256:abc',
  entrypoint: ['node', '/app/server.mjs'],
  cmd: [],
  labels: { 'io.craneml.model.name': 'digits', 'io.craneml.model.version': '1.0.0', 'org.opencontainers.image.title': 'digits' },
  healthcheck: {
    Test: ['CMD', 'node', '-e', "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz')"],
    Interval: 10 * NS,
    Timeout: 3 * NS,
    StartPeriod: 20 * NS,
    Retries: 3,
  },
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;

/** The spec of a two-replica deployment `d` of `d:2` on host port 9000, with what a test changes. */
function specOf(options: Partial<SpecOptions>): Spec {
  return serviceSpec(image, { name: 'd', image: 'd:2', replicas: 2, publish: 'host', port: 9000, ...options });
}

describe('deployment service spec', () => {
  it('gives host-published replicas one port each from {{.Task.Slot}}, computed by sh before the image command runs', () => {
    const spec = specOf({ name: 'digits', image: 'digits:1.0.0', hostNetworkId: 'h1' });
    const container = spec.TaskTemplate.ContainerSpec;
    expect(container.Env).toEqual(
      expect.arrayContaining(['HOST=127.0.0.1', 'CRANEML_BASE_PORT=9000', 'CRANEML_REPLICA_SLOT={{.Task.Slot}}']),
    );
    expect(container.Command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(container.Command.slice(-2)).toEqual(['node', '/app/server.mjs']);
    const out = execFileSync('/bin/sh', ['-c', container.Command[2].replace('exec "$@"', 'echo $PORT')], {
      env: { CRANEML_BASE_PORT: '9000', CRANEML_REPLICA_SLOT: '3', PATH: process.env.PATH },
    });
    expect(Number(String(out).trim())).toBe(replicaPort(9000, 3));
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: 'h1' }]);
    expect(spec.EndpointSpec).toBeUndefined();
  });

  it("keeps the image's HEALTHCHECK timing and probe, run on the replica's own port", () => {
    const health: Spec = healthcheckFor(image, 'host');
    expect(health).toMatchObject({ Interval: 10 * NS, Timeout: 3 * NS, StartPeriod: 20 * NS, Retries: 3 });
    expect(health.Test[0]).toBe('CMD-SHELL');
    expect(health.Test[1]).toContain("exec node -e 'fetch(");
    expect(healthcheckFor(image, 'ingress').Test).toEqual(image.healthcheck!.Test);
  });

  it('updates one replica at a time and rolls back on failure: stop-first on host ports, start-first behind ingress', () => {
    const host = specOf({});
    expect(host.UpdateConfig).toMatchObject({ Parallelism: 1, FailureAction: 'rollback', Order: 'stop-first', MaxFailureRatio: 0 });
    expect(host.UpdateConfig.Monitor).toBeGreaterThan(0);
    // A pause after each replica, so a failed one stops the update before the next replica goes down.
    expect(host.UpdateConfig.Delay).toBeGreaterThanOrEqual(3 * NS);
    expect(host.RollbackConfig).toMatchObject({ Parallelism: 1, Order: 'stop-first' });
    const ingress = specOf({ publish: 'ingress' });
    expect(ingress.UpdateConfig.Order).toBe('start-first');
    expect(ingress.EndpointSpec.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 8080, PublishedPort: 9000, PublishMode: 'ingress' }]);
    expect(ingress.TaskTemplate.ContainerSpec.Env).toContain('PORT=8080');
  });

  it('is hardened and limited like craneml run, and labelled as CraneML with the model it serves', () => {
    const spec = specOf({ replicas: 1, nanoCpus: 5e8, memoryBytes: 256 * 1024 ** 2 });
    expect(spec.TaskTemplate.ContainerSpec).toMatchObject({
      ReadOnly: true,
      CapabilityDrop: ['ALL'],
      Privileges: { NoNewPrivileges: true },
      Init: true,
      StopGracePeriod: 10 * NS,
    });
    expect(spec.TaskTemplate.Resources.Limits).toEqual({ NanoCPUs: 5e8, MemoryBytes: 256 * 1024 ** 2 });
    expect(spec.Labels).toEqual({
      'io.craneml.managed-by': 'craneml',
      'io.craneml.deployment': 'd',
      'io.craneml.publish': 'host',
      'io.craneml.base-port': '9000',
      'io.craneml.model.name': 'digits',
      'io.craneml.model.version': '1.0.0',
    });
  });

  it('names a deployment after the image repository', () => {
    expect(defaultDeploymentName('registry.example:5000/team/digits_model:2.0.0')).toBe('digits-model');
    expect(() => defaultDeploymentName('team/Digits_Model:2.0.0')).toThrow(/is not an image name/); // capitals: Docker would refuse it too
  });
});
