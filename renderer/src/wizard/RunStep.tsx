/** Step 6: runs the built image on 127.0.0.1, follows its status, and shows how to call it. */
import { useEffect, useRef, useState } from 'react';
import type { RunningService } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { codeOf, messageOf } from '../ui/format.ts';
import { ServiceDetails } from '../ui/ServiceDetails.tsx';
import { useAsyncAction } from '../ui/use-async-action.ts';
import { StepSection } from './StepSection.tsx';

interface Props {
  tag?: string;
  port: number;
  cpus?: number;
  memoryMb?: number;
  service?: RunningService;
  onService: (service: RunningService) => void;
  /** The container went (removed on the Containers page, or by Docker): nothing of it is shown any more. */
  onGone: () => void;
  onTest: () => void;
}

/** What the Run step says when Docker refused the port: the app's way out, not the CLI's. */
function portInUse(port: number): string {
  return `port ${port} is already in use. Go Back to the Docker image step and choose another port, or stop what uses it (Containers).`;
}

export function RunStep({ tag, port, cpus, memoryMb, service, onService, onGone, onTest }: Props) {
  const { busy, error, run: runAction } = useAsyncAction();
  const [status, setStatus] = useState<string>('');
  const started = useRef<HTMLParagraphElement>(null);
  const failed = useRef<HTMLDivElement>(null);
  // Bumped by each Run: the outcome (the new container's status, or why not) takes the focus once it is shown.
  const [outcome, setOutcome] = useState(0);
  // This step's image already runs in a container of this wizard: Run again would only find the port taken.
  const runningThis = service !== undefined && service.image === tag && status !== 'exited' && status !== 'removed';

  useEffect(() => {
    if (outcome > 0) (failed.current ?? started.current)?.focus();
  }, [outcome]);

  useEffect(() => {
    if (!service) return;
    setStatus(service.ready ? 'Ready' : 'Starting…');
    return api.subscribe('containerStatus', { container: service.container }, (event) => {
      if (event.state === 'removed') onGone();
      else setStatus(event.ready ? 'Ready' : event.state);
    });
  }, [service?.container]);

  const run = async () => {
    if (!tag) return;
    const resources = { ...(cpus !== undefined ? { cpus } : {}), ...(memoryMb !== undefined ? { memoryMb } : {}) };
    await runAction(async () => onService(await api.runImage({ image: tag, port, ...resources })), {
      failure: (e) => (codeOf(e) === 'PORT_IN_USE' ? portInUse(port) : messageOf(e)),
      settled: () => setOutcome((n) => n + 1),
    });
  };

  return (
    <StepSection title="Run">
      <p>
        Starts <span className="mono">{tag ?? '(no image built)'}</span> on 127.0.0.1:{port}.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={!tag || busy || runningThis} onClick={() => void run()}>
          {runningThis ? 'Running' : 'Run'}
        </button>
        {busy && (
          <span role="status" className="busy">
            Starting…
          </span>
        )}
      </div>
      {error && (
        <div ref={failed} tabIndex={-1}>
          <Alert message={error} />
        </div>
      )}
      {service && !error && (
        <>
          <p ref={started} tabIndex={-1}>
            Container <span className="mono">{service.name}</span>: <strong role="status">{status}</strong>
            {service.readyMs > 0 && <span className="muted"> (ready in {(service.readyMs / 1000).toFixed(1)} s)</span>}
          </p>
          <ServiceDetails service={service} />
          <p>
            <button type="button" className="primary" onClick={onTest}>
              Test
            </button>
          </p>
        </>
      )}
    </StepSection>
  );
}
