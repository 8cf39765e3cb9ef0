import { describe, expect, it } from 'vitest';
import { CALL_SCHEMAS } from '../../../main/shared/crane-api.ts';
import { replicasOption } from '../../../main/cli/options.ts';
import { manifestValues } from '../../../main/deploy/manifest-values.ts';
import { DEPLOYMENT_NAME, isReplicaCount } from '../../../main/shared/deployment-rules.ts';

describe('deployment rules shared by the API, the CLI and the forms', () => {
  it('takes whole replica counts from 1 to 100', () => {
    for (const n of [1, 2, 100]) expect(isReplicaCount(n)).toBe(true);
    for (const n of [0, -1, 101, 1.5, Number.NaN]) expect(isReplicaCount(n)).toBe(false);
  });

  it('takes Swarm service names: letters, digits and inner dashes, up to 63', () => {
    for (const name of ['digits', 'a', 'digits-2', 'x'.repeat(63)]) expect(DEPLOYMENT_NAME.test(name)).toBe(true);
    for (const name of ['', '-digits', 'digits-', 'di_gits', 'x'.repeat(64), 'digits.1']) expect(DEPLOYMENT_NAME.test(name)).toBe(false);
  });

  it('is what the API contract checks', () => {
    const scale = CALL_SCHEMAS.scaleDeployment;
    expect(scale.safeParse({ name: 'digits', replicas: 100 }).success).toBe(true);
    expect(scale.safeParse({ name: 'digits', replicas: 101 }).success).toBe(false);
    expect(scale.safeParse({ name: 'digits', replicas: 0 }).success).toBe(false);
    expect(scale.safeParse({ name: '-digits', replicas: 1 }).success).toBe(false);
    expect(CALL_SCHEMAS.deploy.safeParse({ image: 'digits:1.0.0', replicas: 101 }).success).toBe(false);
  });

  it('is what the CLI options and the exported manifests check, in one message', () => {
    expect(replicasOption('100', '--replicas')).toBe(100);
    expect(() => replicasOption('101', '--replicas')).toThrow('--replicas wants a whole number from 1 to 100, got "101"');
    const target = { image: 'digits:1.0.0', modelName: 'digits', version: '1.0.0', runtime: 'node' as const };
    expect(manifestValues(target, { replicas: 100 }).REPLICAS).toBe('100');
    for (const replicas of [0, 101, 1.5])
      expect(() => manifestValues(target, { replicas })).toThrow(`--replicas wants a whole number from 1 to 100, got ${replicas}`);
  });
});
