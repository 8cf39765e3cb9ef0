/** "Deploy to Swarm" for one image: name and replicas, consent to turn on Swarm mode when needed, progress, and the outcome. */
import { useState } from 'react';
import type { ImageRow } from '../../../main/shared/crane-api.ts';
import { DEPLOYMENT_NAME, isReplicaCount, REPLICA_RANGE } from '../../../main/shared/deployment-rules.ts';
import { Alert } from '../ui/Alert.tsx';
import { TextField } from '../ui/Field.tsx';
import { useElapsedSeconds } from '../ui/use-elapsed-seconds.ts';
import { useDashboard } from './dashboard-context.ts';
import { DeployOutcomeView } from './DeployOutcomeView.tsx';
import { deploymentName, imageRef } from './image-ref.ts';
import { PanelButtons } from './PanelButtons.tsx';
import { SwarmConsent } from './SwarmConsent.tsx';
import { useDeploy } from './use-deploy.ts';

interface Props {
  row: ImageRow;
  onClose: () => void;
}

export function DeployPanel({ row, onClose }: Props) {
  // The deployments listed now: one of the same name is updated, not created.
  const { deployments, refresh } = useDashboard();
  const image = imageRef(row);
  const [name, setName] = useState(() => deploymentName(row));
  // Re-deploying keeps the replica count unless the user changes it.
  const [replicas, setReplicas] = useState(() => String(deployments.find((d) => d.name === name)?.replicas.desired ?? 1));
  const { phase, deploy, dismiss } = useDeploy(refresh);
  const existing = deployments.find((d) => d.name === name);
  const seconds = useElapsedSeconds(phase.kind === 'deploying' ? phase.startedAt : null);

  const count = Number(replicas);
  const errors = {
    name: DEPLOYMENT_NAME.test(name) ? undefined : 'letters, digits and dashes, up to 63, not starting or ending with a dash',
    replicas: isReplicaCount(count) ? undefined : REPLICA_RANGE,
  };
  const busy = phase.kind === 'deploying';
  const request = { image, name, replicas: count };

  return (
    <section className="action-panel" aria-labelledby="deploy-title">
      <h3 id="deploy-title">
        Deploy to Swarm: <span className="mono">{image}</span>
      </h3>
      <form
        className="grid"
        onSubmit={(event) => {
          event.preventDefault();
          if (!errors.name && !errors.replicas) void deploy(request, false);
        }}
      >
        <TextField
          name="deploy-name"
          label="Deployment name"
          value={name}
          error={errors.name}
          hint={existing ? `Updates ${name} (now ${existing.image}), one replica at a time.` : undefined}
          onChange={setName}
        />
        <TextField
          name="deploy-replicas"
          label="Replicas"
          type="number"
          inputMode="numeric"
          value={replicas}
          error={errors.replicas}
          onChange={setReplicas}
        />
        <PanelButtons action="Deploy" disabled={busy || phase.kind === 'consent' || !!errors.name || !!errors.replicas} onClose={onClose} />
      </form>
      {phase.kind === 'consent' && <SwarmConsent onConsent={() => void deploy(phase.request, true)} onCancel={dismiss} />}
      {busy && (
        <p role="status" className="busy">
          Deploying {phase.request.image} as {phase.request.name}… Swarm starts{' '}
          {phase.request.replicas === 1 ? 'the replica' : 'each replica'} and waits for its health check; the Deployments list above shows
          them as they come up. <span aria-hidden="true">{seconds} s</span>
        </p>
      )}
      {phase.kind === 'failed' && <Alert message={`Deploying ${phase.request.image} as ${phase.request.name}: ${phase.message}`} />}
      {phase.kind === 'done' && <DeployOutcomeView image={phase.request.image} outcome={phase.outcome} />}
    </section>
  );
}
