/** Contract: the API key (CRANEML_API_KEY) and CORS (CRANEML_CORS_ORIGINS), on the guarded server. */
import { describe, expect, it } from 'vitest';
import { errorBodySchema, predictResponseSchema, v2ErrorSchema } from '../../../main/shared/http-contract.ts';
import { postJson } from '../../runtime/helpers.ts';
import { API_KEY, CORS_ORIGIN, type ContractContext } from '../context.ts';

export function describeGuard(context: ContractContext): void {
  const predict = (): string => `${context.guardedUrl}/predict`;
  const body = (): { instances: unknown[] } => ({ instances: context.expectations.rows.slice(0, 1) });

  describe('API key and CORS', () => {
    it('refuses a request with no key or a wrong key (401 UNAUTHORIZED, WWW-Authenticate: Bearer)', async () => {
      for (const headers of [{}, { Authorization: 'Bearer wrong' }, { 'X-API-Key': 'wrong' }] as Record<string, string>[]) {
        const answer = await postJson(predict(), body(), headers);
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(errorBodySchema.parse(answer.body).error.code).toBe('UNAUTHORIZED');
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expect((await fetch(`${context.guardedUrl}/metadata`)).status).toBe(401);
      const v2 = await postJson(`${context.guardedUrl}/v2/models/${context.expectations.model.name}/infer`, { inputs: [] });
      expect(v2.status).toBe(401);
      v2ErrorSchema.parse(v2.body);
    });

    it('accepts the key as Authorization: Bearer or X-API-Key, and leaves health open', async () => {
      for (const headers of [{ Authorization: `Bearer ${API_KEY}` }, { 'X-API-Key': API_KEY }] as Record<string, string>[]) {
        const answer = await postJson(predict(), body(), headers);
        expect(answer.status, JSON.stringify(headers)).toBe(200);
        predictResponseSchema.parse(answer.body);
      }
      expect((await fetch(`${context.guardedUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${context.guardedUrl}/readyz`)).status).toBe(200);
    });

    it('answers a CORS preflight from an allowed origin without a key, and not one from another origin', async () => {
      const preflight = (origin: string): Promise<Response> =>
        fetch(predict(), {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type, authorization',
          },
        });
      const allowed = await preflight(CORS_ORIGIN);
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(CORS_ORIGIN);
      expect(allowed.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/\bauthorization\b/);
      const other = await preflight('https://elsewhere.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('names the allowed origin on answers to it', async () => {
      const answer = await postJson(predict(), body(), { Origin: CORS_ORIGIN, 'X-API-Key': API_KEY });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe(CORS_ORIGIN);
    });
  });
}
