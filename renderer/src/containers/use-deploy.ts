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
 * The core refuses a deploy with USAGE when Docker is not in Swarm mode and `initSwarm` is false; it
 * has no code of its own, so consent is asked on USAGE only while no deployment proves Swarm is on.
 * A USAGE for another reason (a worker node, a name taken) comes back after consent and is shown.
 * @example const { phase, deploy } = useDeploy(deployments.length > 0, refresh);
 */
export function useDeploy(swarmKnownOn: boolean, onSettled: () => void) {
  const [phase, setPhase] = useState<DeployPhase>({ kind: 'idle' });

  const deploy = async (request: DeployRequest, initSwarm: boolean) => {
    setPhase({ kind: 'deploying', request, startedAt: Date.now() });
    try {
      setPhase({ kind: 'done', request, outcome: await api.deploy({ ...request, initSwarm }) });
    } catch (e) {
      if (!initSwarm && !swarmKnownOn && codeOf(e) === 'USAGE') setPhase({ kind: 'consent', request });
      else setPhase({ kind: 'failed', request, message: messageOf(e) });
    } finally {
      onSettled();
    }
  };

  return { phase, deploy, dismiss: () => setPhase({ kind: 'idle' }) };
}
