/** Step 6: runs the built image on 127.0.0.1, follows its status, and shows how to call it. */
import { useEffect, useState } from 'react';
import type { RunningService } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { codeOf, messageOf } from '../ui/format.ts';
import { ServiceDetails } from '../ui/ServiceDetails.tsx';

interface Props {
  tag?: string;
  port: number;
  cpus?: number;
  memoryMb?: number;
  service?: RunningService;
  onService: (service: RunningService) => void;
  onTest: () => void;
}

export function RunStep({ tag, port, cpus, memoryMb, service, onService, onTest }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');

  useEffect(() => {
    if (!service) return;
    setStatus(service.ready ? 'Ready' : 'Starting…');
    return api.subscribe('containerStatus', { container: service.container }, (event) => {
      setStatus(event.ready ? 'Ready' : event.state);
    });
  }, [service?.container]);

  const run = async () => {
    if (!tag) return;
    setBusy(true);
    setError(null);
    try {
      onService(
        await api.runImage({ image: tag, port, ...(cpus !== undefined ? { cpus } : {}), ...(memoryMb !== undefined ? { memoryMb } : {}) }),
      );
    } catch (e) {
      const advice =
        codeOf(e) === 'PORT_IN_USE' ? ' Go Back to the Image step and choose another port, or stop what uses it (Containers).' : '';
      const message = messageOf(e);
      setError(advice ? `${/[.!?]$/.test(message) ? message : `${message}.`}${advice}` : message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Run
      </h2>
      <p>
        Starts <span className="mono">{tag ?? '(no image built)'}</span> on 127.0.0.1:{port}.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={!tag || busy} onClick={() => void run()}>
          Run
        </button>
        {busy && (
          <span role="status" className="busy">
            Starting…
          </span>
        )}
      </div>
      <Alert message={error} />
      {service && (
        <>
          <p>
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
    </section>
  );
}
