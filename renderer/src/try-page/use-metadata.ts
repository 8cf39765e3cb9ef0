/**
 * Reads the page's own server's /metadata with the key typed so far: a 401 means the key is missing or
 * wrong; a 503 (the model still loading) is asked again after the Retry-After the server gives.
 */
import { useEffect, useState } from 'react';
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { ContainerCallError, fetchMetadata, type ContainerTarget } from '../try/container-client.ts';

export type MetadataState =
  | { phase: 'loading' }
  | { phase: 'ready'; metadata: Metadata }
  /** The server asks for an API key: none was typed (`wrongKey` false) or the one typed was refused. */
  | { phase: 'needs-key'; wrongKey: boolean }
  | { phase: 'failed'; message: string };

/** @example const state = useMetadata({ url: '', apiKey }); // { phase: 'ready', metadata } */
export function useMetadata(target: ContainerTarget): MetadataState {
  const [state, setState] = useState<MetadataState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    fetchMetadata(target).then(
      (metadata) => live && setState({ phase: 'ready', metadata }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ContainerCallError && error.status === 401) setState({ phase: 'needs-key', wrongKey: Boolean(target.apiKey) });
        else setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
        if (error instanceof ContainerCallError && error.status === 503 && error.retryAfterS !== undefined)
          retry = setTimeout(() => setAttempt((n) => n + 1), error.retryAfterS * 1000);
      },
    );
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [target.url, target.apiKey, attempt]);
  return state;
}
