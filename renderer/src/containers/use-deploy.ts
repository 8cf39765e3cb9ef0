/** One deploy at a time: the call, the Swarm-mode consent it may need first, and how it ended. */
import { useState } from 'react';
import type { CallArgs, DeployOutcome } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { codeOf, messageOf } from '../ui/format.ts';

export type DeployRequest = Omit<CallArgs<'deploy'>, 'initSwarm'>;

export type DeployPhase =
  | { kind: 'idle' }
  | { kind: 'deploying'; request: DeployRequest; startedAt: number }
  | { kind: 'consent'; request: DeployRequest }
  | { kind: 'done'; request: DeployRequest; outcome: DeployOutcome }
  | { kind: 'failed'; request: DeployRequest; message: string };

/**
 * When Docker is not in Swarm mode the core refuses a deploy without `initSwarm` (SWARM_INACTIVE):
 * the user is asked, and the deploy is sent again with consent.
 * @example const { phase, deploy } = useDeploy(refresh);
 */
export function useDeploy(onSettled: () => void) {
  const [phase, setPhase] = useState<DeployPhase>({ kind: 'idle' });

  const deploy = async (request: DeployRequest, initSwarm: boolean) => {
    setPhase({ kind: 'deploying', request, startedAt: Date.now() });
    try {
      setPhase({ kind: 'done', request, outcome: await api.deploy({ ...request, initSwarm }) });
    } catch (e) {
      if (!initSwarm && codeOf(e) === 'SWARM_INACTIVE') setPhase({ kind: 'consent', request });
      else setPhase({ kind: 'failed', request, message: messageOf(e) });
    } finally {
      onSettled();
    }
  };

  return { phase, deploy, dismiss: () => setPhase({ kind: 'idle' }) };
}
