/** How a deploy ended: every replica healthy (with where it answers), or rolled back by Swarm with its reason. */
import type { DeployOutcome } from '../../../main/shared/crane-api.ts';
import { deploymentUrls } from './deployment-state.ts';
import { UrlList } from './UrlList.tsx';

export function DeployOutcomeView({ image, outcome }: { image: string; outcome: DeployOutcome }) {
  const { status, rolledBack, swarmInitialised, ms } = outcome;
  const seconds = (ms / 1000).toFixed(1);
  if (rolledBack) {
    return (
      <div role="alert" className="alert">
        <p>
          Swarm rolled {status.name} back after {seconds} s: {image} never became healthy, so {status.image} runs again.
        </p>
        {status.update?.message && <p>Swarm said: {status.update.message}</p>}
      </div>
    );
  }
  return (
    <div role="status" className="result">
      {swarmInitialised && <p>Swarm mode is on: a single node, its manager on 127.0.0.1:2377.</p>}
      <p className="success">
        {status.name} is {outcome.created ? 'deployed' : 'updated'}: {status.replicas.healthy} of {status.replicas.desired} replicas healthy
        on {status.image} after {seconds} s.
      </p>
      <UrlList urls={deploymentUrls(status)} label={`Where ${status.name} answers`} />
    </div>
  );
}
