import { describe, expect, it } from 'vitest';
import { WorkBudget, workBudgetFor } from '../../templates/runtime-node/src/codec/admission.ts';
import { cpuLimit, memoryLimit } from '../../templates/runtime-node/src/codec/cgroup.ts';
import { apiKeyFrom } from '../../templates/runtime-node/src/auth.ts';
import { HttpError } from '../../main/http/http-errors.ts';

const files = (entries: Record<string, string>) => (file: string) => entries[file];

describe('cgroup limits', () => {
  it('reads the CPU quota of cgroup v2 and v1, never more than the machine has', () => {
    expect(cpuLimit(files({ '/sys/fs/cgroup/cpu.max': '150000 100000' }), 8)).toBe(1.5);
    expect(cpuLimit(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }), 8)).toBe(8);
    expect(cpuLimit(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '50000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }), 8)).toBe(
      0.5,
    );
    expect(cpuLimit(files({ '/sys/fs/cgroup/cpu.max': '800000 100000' }), 2)).toBe(2);
    expect(cpuLimit(files({}), 4)).toBe(4);
  });

  it('reads the memory limit of cgroup v2 and v1, ignoring "no limit"', () => {
    const gb = 1024 ** 3;
    expect(memoryLimit(files({ '/sys/fs/cgroup/memory.max': String(256 * 1024 ** 2) }), 16 * gb)).toBe(256 * 1024 ** 2);
    expect(memoryLimit(files({ '/sys/fs/cgroup/memory.max': 'max' }), 16 * gb)).toBe(16 * gb);
    expect(memoryLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' }), 16 * gb)).toBe(16 * gb);
    expect(memoryLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': String(gb) }), 16 * gb)).toBe(gb);
  });
});

describe('work budget', () => {
  it('is sized from the memory limit, with a floor for small containers', () => {
    expect(workBudgetFor(256 * 1024 ** 2)).toBe(64 * 1024 ** 2);
    expect(workBudgetFor(2 * 1024 ** 3)).toBe(Math.floor((2 * 1024 ** 3 - 160 * 1024 ** 2) / 2));
  });

  it('admits work up to its size, one oversized job when idle, and refuses the rest with 503 and Retry-After', () => {
    const budget = new WorkBudget(100, 1_000);
    const big = budget.admit(500);
    let refused: unknown;
    try {
      budget.admit(1);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(503);
    expect((refused as HttpError).headers['Retry-After']).toMatch(/^\d+$/);
    big();
    big();
    expect(budget.inFlight).toBe(0);
    const a = budget.admit(60);
    expect(() => budget.admit(60)).toThrow(/busy/);
    a();
    expect(() => budget.admit(1, 3_500)).toThrow(/about 4 s of work queued/);
  });
});

describe('API key from a file', () => {
  it('reads CRANEML_API_KEY_FILE without its trailing newline; CRANEML_API_KEY wins', () => {
    const read = (file: string) => (file === '/run/secrets/key' ? 's3cret\n' : '');
    expect(apiKeyFrom({ CRANEML_API_KEY_FILE: '/run/secrets/key' }, read)).toBe('s3cret');
    expect(apiKeyFrom({ CRANEML_API_KEY: 'env', CRANEML_API_KEY_FILE: '/run/secrets/key' }, read)).toBe('env');
    expect(apiKeyFrom({}, read)).toBeUndefined();
    expect(() => apiKeyFrom({ CRANEML_API_KEY_FILE: '/empty' }, read)).toThrow(/is empty/);
    expect(() => apiKeyFrom({ CRANEML_API_KEY_FILE: '/nope' })).toThrow(/cannot read \/nope \(ENOENT\)/);
  });
});
