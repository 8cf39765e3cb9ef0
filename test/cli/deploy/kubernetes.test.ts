/**
 * `craneml export --kubernetes`: plain manifests that pass kubernetes-validate --strict for a stated
 * Kubernetes version offline, with the hardening and probes the issue asks for, and a KServe
 * InferenceService whose fields are checked here (no cluster, no CRD schema on this machine).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { DIGITS } from '../../runtime/helpers.ts';
import { KUBERNETES_VERSION, kubernetesValidate, readYaml } from './kubernetes-validate.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
let dir = '';
const read = async (file: string): Promise<Doc> => (await readYaml(path.join(dir, 'kubernetes', file)))[0];

describe('export --kubernetes', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-k8s-'));
    const result = await runCli([
      'export',
      DIGITS,
      '--kubernetes',
      '-o',
      dir,
      '-t',
      'registry.example/digits:1.0.0',
      '--replicas',
      '2',
      '--memory',
      '256m',
      '--cpus',
      '0.5',
    ]);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a Deployment, Service, HPA, kustomization and InferenceService', async () => {
    expect((await readdir(path.join(dir, 'kubernetes'))).sort()).toEqual([
      '.craneml-files', // the list of what CraneML wrote, so that --force replaces this folder and nothing else
      'deployment.yaml',
      'hpa.yaml',
      'inferenceservice.yaml',
      'kustomization.yaml',
      'service.yaml',
    ]);
    const kustomization = await read('kustomization.yaml');
    expect(kustomization.resources).toEqual(['deployment.yaml', 'service.yaml', 'hpa.yaml']);
  });

  it(`passes kubernetes-validate --strict for Kubernetes ${KUBERNETES_VERSION}`, async () => {
    const files = ['deployment.yaml', 'service.yaml', 'hpa.yaml'].map((f) => path.join(dir, 'kubernetes', f));
    const output = await kubernetesValidate(files);
    for (const file of files) expect(output).toContain(`INFO ${file} passed`);
  }, 120_000);

  it('runs the model non-root, read-only, with no capabilities, probes on /v2/health/live and /v2/health/ready, and limits', async () => {
    const deployment = await read('deployment.yaml');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toBe('registry.example/digits:1.0.0');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toEqual({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.livenessProbe.httpGet.path).toBe('/v2/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/v2/health/ready');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.resources.limits).toEqual({ cpu: '0.5', memory: '256Mi' });
    expect(pod.volumes).toBeUndefined(); // the server writes nothing, not even to /tmp
    const hpa = await read('hpa.yaml');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'digits' });
    expect((await read('service.yaml')).spec.ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
  });

  it('describes a KServe v1beta1 InferenceService with the image as kserve-container on port 8080', async () => {
    const isvc = await read('inferenceservice.yaml');
    expect(isvc.apiVersion).toBe('serving.kserve.io/v1beta1');
    expect(isvc.kind).toBe('InferenceService');
    expect(isvc.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(Object.keys(isvc.spec)).toEqual(['predictor']);
    const { predictor } = isvc.spec;
    expect(predictor.minReplicas).toBe(2);
    expect(predictor.maxReplicas).toBeGreaterThan(2);
    expect(predictor.containers).toHaveLength(1);
    const [container] = predictor.containers;
    expect(container.name).toBe('kserve-container');
    expect(container.image).toBe('registry.example/digits:1.0.0');
    expect(container.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 8080 });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/v2/health/live', port: 8080 });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    // The predictor is a PodSpec plus KServe's own fields: nothing else may sit beside them.
    const podSpecOrKServe = new Set([
      'containers',
      'securityContext',
      'minReplicas',
      'maxReplicas',
      'serviceAccountName',
      'scaleTarget',
      'scaleMetric',
    ]);
    expect(Object.keys(predictor).filter((k) => !podSpecOrKServe.has(k))).toEqual([]);
  });
});
