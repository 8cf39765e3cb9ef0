/** The latest step of a notebook model converting while the Drop step stages it, from the core's `conversion` event. */
import { useEffect, useState } from 'react';
import type { ConversionEvent } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';

/**
 * Listens for as long as the caller is shown, so no step is missed between a drop and its first event;
 * gives the latest step while `staging`, and forgets it when a staging ends.
 * @example const progress = useConversionProgress(busy); // { fileName: 'cancer.joblib', step: 'parity', message: '…' }
 */
export function useConversionProgress(staging: boolean): ConversionEvent | undefined {
  const [latest, setLatest] = useState<ConversionEvent | undefined>();
  useEffect(() => api.subscribe('conversion', {}, setLatest), []);
  useEffect(() => {
    if (!staging) setLatest(undefined);
  }, [staging]);
  return staging ? latest : undefined;
}
