/** Contract: liveness and readiness, natively and as the V2 protocol has them. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../context.ts';

export function describeHealth(context: ContractContext): void {
  describe('health', () => {
    it('answers /healthz {"status":"ok"} and /readyz {"status":"ready"} once ready', async () => {
      const live = await fetch(`${context.url}/healthz`);
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${context.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    });

    it('answers V2 live and ready, for the server and for the model', async () => {
      expect(await (await fetch(`${context.url}/v2/health/live`)).json()).toEqual({ live: true });
      expect(await (await fetch(`${context.url}/v2/health/ready`)).json()).toEqual({ ready: true });
      const model = await fetch(`${context.url}/v2/models/${context.expectations.model.name}/ready`);
      expect(model.status).toBe(200);
    });
  });
}
