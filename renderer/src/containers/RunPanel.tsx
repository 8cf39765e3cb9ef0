/**
 * "Run" for one image: asks for the port (the project's own by default), lets the core refuse one in use
 * before anything starts, then shows where the container answers and takes the focus there.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImageRow, RunningService } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { TextField } from '../ui/Field.tsx';
import { codeOf, messageOf } from '../ui/format.ts';
import { ServiceDetails } from '../ui/ServiceDetails.tsx';
import { useElapsedSeconds } from '../ui/use-elapsed-seconds.ts';
import { validatePort } from '../wizard/validate.ts';
import { useDashboard } from './dashboard-context.ts';
import { imageRef } from './image-ref.ts';
import { PanelButtons } from './PanelButtons.tsx';

/** `craneml run`'s port, for an image that does not record its project's. */
const FALLBACK_PORT = 8080;

type Phase =
  | { kind: 'asking' }
  | { kind: 'starting'; port: number; startedAt: number }
  | { kind: 'refused'; field: string | null; message: string | null }
  | { kind: 'running'; service: RunningService };

interface Props {
  row: ImageRow;
  onClose: () => void;
}

export function RunPanel({ row, onClose }: Props) {
  // Once a container started, the listing above should show it.
  const { refresh: onStarted, onTest } = useDashboard();
  const image = imageRef(row);
  const [port, setPort] = useState(String(row.port ?? FALLBACK_PORT));
  const [phase, setPhase] = useState<Phase>({ kind: 'asking' });
  const running = useRef<HTMLHeadingElement>(null);
  const seconds = useElapsedSeconds(phase.kind === 'starting' ? phase.startedAt : null);
  const invalid = validatePort(port);
  const portError = invalid ?? (phase.kind === 'refused' ? (phase.field ?? undefined) : undefined);

  useEffect(() => {
    if (phase.kind === 'running') running.current?.focus();
    if (phase.kind === 'refused' && phase.field) document.getElementById('field-run-port')?.focus();
  }, [phase]);

  const start = async () => {
    const chosen = Number(port);
    setPhase({ kind: 'starting', port: chosen, startedAt: Date.now() });
    try {
      const service = await api.runImage({ image, port: chosen });
      setPhase({ kind: 'running', service });
      onStarted();
    } catch (e) {
      // The core checks the port before it creates anything (the rule `craneml run` uses): say so at the field.
      const taken = codeOf(e) === 'PORT_IN_USE';
      setPhase({ kind: 'refused', field: taken ? messageOf(e) : null, message: taken ? null : messageOf(e) });
    }
  };

  if (phase.kind === 'running') {
    const { service } = phase;
    return (
      <section className="action-panel" aria-labelledby="run-title">
        <h3 id="run-title" ref={running} tabIndex={-1}>
          Running <span className="mono">{service.name}</span> at{' '}
          <a href={service.url} target="_blank" rel="noreferrer">
            {service.url}
          </a>
        </h3>
        <ServiceDetails service={service} />
        <div className="actions">
          <button type="button" className="primary" onClick={() => onTest(service.name || service.container)}>
            Test
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </section>
    );
  }

  const starting = phase.kind === 'starting';
  return (
    <section className="action-panel" aria-labelledby="run-title">
      <h3 id="run-title">
        Run <span className="mono">{image}</span> on 127.0.0.1
      </h3>
      <form
        className="grid"
        onSubmit={(event) => {
          event.preventDefault();
          if (!invalid) void start();
        }}
      >
        <TextField
          name="run-port"
          label="Port"
          type="number"
          inputMode="numeric"
          value={port}
          error={portError}
          hint={row.port !== undefined ? `The project's port is ${row.port}.` : undefined}
          onChange={(value) => {
            setPort(value);
            if (phase.kind === 'refused') setPhase({ kind: 'asking' });
          }}
        />
        <PanelButtons action="Start" disabled={starting || invalid !== undefined} onClose={onClose}>
          {starting && (
            <span role="status" className="busy">
              Starting {image} on port {phase.port}, waiting until it is ready… <span aria-hidden="true">{seconds} s</span>
            </span>
          )}
        </PanelButtons>
      </form>
      <Alert message={phase.kind === 'refused' ? phase.message : null} />
    </section>
  );
}
