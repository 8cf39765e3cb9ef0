/** A container's live logs, followed while the panel is open. */
import { useEffect, useState } from 'react';
import { api } from '../api/transport.ts';
import { LogView } from '../ui/LogView.tsx';

export function LogPanel({ container, name, onClose }: { container: string; name: string; onClose: () => void }) {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    setLines([]);
    return api.subscribe('containerLogs', { container }, (event) =>
      setLines((old) => [...old.slice(-1999), event.stream === 'stderr' ? `! ${event.line}` : event.line]),
    );
  }, [container]);
  return (
    <section className="log-panel" aria-labelledby="log-title">
      <div className="snippet-head">
        <h3 id="log-title">Logs of {name}</h3>
        <button type="button" onClick={onClose}>
          Close logs
        </button>
      </div>
      <LogView label={`Logs of ${name}`} lines={lines} />
    </section>
  );
}
