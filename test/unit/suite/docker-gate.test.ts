/** The suite's Docker rule: a run that needs Docker and finds none fails, unless its Docker tests are skipped by name. */
import { describe, expect, it } from 'vitest';
import { dockerGate, skipsDocker } from '../../helpers/docker-gate.ts';

const ALL = ['unit', 'runtime', 'docker', 'browser', 'electron'];
const ABSENT = 'connect ENOENT /var/run/docker.sock';

describe('the suite’s Docker gate', () => {
  it('fails a run of every tier without a daemon, in one line naming the way on', () => {
    const gate = dockerGate({ tiers: ALL, absent: ABSENT, env: {} });
    expect(gate.kind).toBe('fail');
    if (gate.kind !== 'fail') return;
    expect(gate.message).not.toContain('\n');
    expect(gate.message).toContain(ABSENT);
    expect(gate.message).toContain(`The runtime, docker, browser tests need Docker, and ${ABSENT}.`);
    expect(gate.message).toContain('CRANEML_SKIP=docker npm test');
  });

  it('lets a run without a daemon go on when CRANEML_SKIP names docker', () => {
    expect(dockerGate({ tiers: ALL, absent: ABSENT, env: { CRANEML_SKIP: 'docker' } }).kind).toBe('skip');
    expect(dockerGate({ tiers: ALL, absent: ABSENT, env: { CRANEML_SKIP: 'browser, Docker' } }).kind).toBe('skip');
    expect(dockerGate({ tiers: ALL, absent: ABSENT, env: { CRANEML_SKIP: 'dockers' } }).kind).toBe('fail');
  });

  it('needs no daemon for the tiers that never reach for one', () => {
    expect(dockerGate({ tiers: ['unit'], absent: ABSENT, env: {} }).kind).toBe('run');
    expect(dockerGate({ tiers: ['unit', 'electron'], absent: ABSENT, env: {} }).kind).toBe('run');
    expect(dockerGate({ tiers: ['unit', 'docker'], absent: ABSENT, env: {} }).kind).toBe('fail');
  });

  it('never skips with CRANEML_REQUIRE_DOCKER=1, even when skipping is asked for', () => {
    const env = { CRANEML_REQUIRE_DOCKER: '1', CRANEML_SKIP: 'docker' };
    const gate = dockerGate({ tiers: ALL, absent: ABSENT, env });
    expect(gate).toEqual({ kind: 'fail', message: expect.stringContaining(`CRANEML_REQUIRE_DOCKER=1 but ${ABSENT}.`) });
    expect(dockerGate({ tiers: ALL, env }).kind).toBe('run');
    // A run of the tiers that need no daemon still needs none.
    expect(dockerGate({ tiers: ['unit'], absent: ABSENT, env }).kind).toBe('run');
  });

  it('runs with a daemon, and skips its tests only when asked by name', () => {
    expect(dockerGate({ tiers: ALL, env: {} }).kind).toBe('run');
    expect(dockerGate({ tiers: ALL, env: { CRANEML_SKIP: 'docker' } }).kind).toBe('skip');
    expect(skipsDocker({})).toBe(false);
    expect(skipsDocker({ CRANEML_SKIP: ' docker ' })).toBe(true);
  });
});
