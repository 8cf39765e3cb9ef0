/**
 * The try-it page inside every image (GET /): the model's name and description, the API key when the
 * server asks for one, the try-it controls for the model's input kind (renderer/src/try, the same as
 * the app's Test window) against the page's own origin, and how to call the API.
 */
import { useMemo, useState } from 'react';
import type { ContainerTarget } from '../try/container-client.ts';
import { TryPanel } from '../try/TryPanel.tsx';
import { ApiKeyField } from './ApiKeyField.tsx';
import { HowToCall } from './HowToCall.tsx';
import { useMetadata, type MetadataState } from './use-metadata.ts';

/** What the status region says before the controls (which have their own) are shown. */
function statusOf(state: MetadataState): string {
  switch (state.phase) {
    case 'loading':
      return 'Loading the model…';
    case 'needs-key':
      return state.wrongKey
        ? 'That API key was refused: check it and enter it again in "API key".'
        : 'This model needs an API key: enter it in "API key".';
    case 'failed':
      return state.message;
    case 'ready':
      return '';
  }
}

export function TryPage() {
  const [apiKey, setApiKey] = useState<string | undefined>(undefined);
  const target = useMemo<ContainerTarget>(() => ({ url: '', apiKey }), [apiKey]);
  const state = useMetadata(target);
  // The server asked for a key once: it keeps asking, so the field and the snippets' key header stay.
  const [keyed, setKeyed] = useState(false);
  if (state.phase === 'needs-key' && !keyed) setKeyed(true);
  const metadata = state.phase === 'ready' ? state.metadata : null;

  return (
    <main className="try-page">
      <header>
        <h1>
          {metadata ? metadata.name : 'Try this model'} {metadata && <small>{metadata.version}</small>}
        </h1>
        {metadata?.description && <p className="description">{metadata.description}</p>}
      </header>
      {keyed && <ApiKeyField onKey={(key) => setApiKey(key || undefined)} />}
      {metadata ? (
        <TryPanel target={target} metadata={metadata} />
      ) : (
        <p role="status" className="label">
          {statusOf(state)}
        </p>
      )}
      {metadata && <HowToCall metadata={metadata} withKey={keyed} />}
    </main>
  );
}
