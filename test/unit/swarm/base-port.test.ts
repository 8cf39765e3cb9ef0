/** A deployment's base port is read by the one port rule, and every front end falls back to the same default port. */
import { describe, expect, it } from 'vitest';
import { manifestValues } from '../../../main/deploy/manifest-values.ts';
import { CALL_SCHEMAS } from '../../../main/shared/crane-api.ts';
import { DEFAULT_HOST_PORT } from '../../../main/shared/port-rule.ts';
import { BASE_PORT_LABEL, basePortOf } from '../../../main/swarm/labels.ts';

describe('deployment base port', () => {
  it('reads the label by the port rule, and the default where it is missing or no port', () => {
    expect(basePortOf({ [BASE_PORT_LABEL]: '9000' })).toBe(9000);
    const noPort: (Record<string, string> | undefined)[] = [
      undefined,
      {},
      { [BASE_PORT_LABEL]: '99999' },
      { [BASE_PORT_LABEL]: 'eighty' },
      { [BASE_PORT_LABEL]: '80.5' },
    ];
    for (const labels of noPort) expect(basePortOf(labels), JSON.stringify(labels)).toBe(8080);
  });

  it('is the port the app runs on and compose files publish when none is given', () => {
    expect(DEFAULT_HOST_PORT).toBe(8080);
    expect(CALL_SCHEMAS.runImage.parse({ image: 'digits:1.0.0' }).port).toBe(DEFAULT_HOST_PORT);
    const target = { image: 'digits:1.0.0', modelName: 'digits', version: '1.0.0', runtime: 'node' as const };
    expect(manifestValues(target).PORT).toBe(String(DEFAULT_HOST_PORT));
  });
});
