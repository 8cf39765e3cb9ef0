/** The Test window: draw-and-predict (or JSON in: a tensor instance or a table's row; outputs out) against one running container, over its own HTTP API. */
import { useEffect, useState } from 'react';
import type { ServiceInfo } from '../../../main/shared/crane-api.ts';
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { fetchMetadata } from '../try/container-client.ts';
import { TryPanel } from '../try/TryPanel.tsx';

export function TestWindow({ container }: { container: string }) {
  const [service, setService] = useState<ServiceInfo | null>(null);
  const [metadata, setMetadata] = useState<Metadata | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    setService(null);
    setMetadata(null);
    setError(null);
    setLoaded(false);
    (async () => {
      const info = await api.serviceInfo({ container });
      if (!live) return;
      setService(info);
      try {
        const meta = await fetchMetadata({ url: info.url });
        if (live) setMetadata(meta);
      } catch (e) {
        if (live) setError(messageOf(e));
      }
    })()
      .catch((e) => live && setError(messageOf(e)))
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [container]);

  return (
    <section className="test-window" aria-labelledby="test-title">
      <h2 id="test-title" tabIndex={-1}>
        Test {metadata ? `${metadata.name} ${metadata.version}` : (service?.name ?? container)}
      </h2>
      {service && (
        <p className="muted">
          Calling{' '}
          <a href={service.url} target="_blank" rel="noreferrer">
            {service.url}
          </a>{' '}
          as any client would.
        </p>
      )}
      <Alert message={error} />
      {!loaded && <p className="busy">Connecting…</p>}
      {service && loaded && <TryPanel target={{ url: service.url }} metadata={metadata} fallbackKind={service.inputKind} />}
    </section>
  );
}
