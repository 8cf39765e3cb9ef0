/** One action at a time on a listed row: which row is busy, the last failure named by its row, and a fresh listing after every attempt. */
import { useState } from 'react';
import { messageOf } from '../ui/format.ts';

/**
 * @example
 * const { busy, error, runOnRow } = useRowAction(refresh);
 * void runOnRow(row.id, row.name, () => api.containerAction({ container: row.id, action: 'stop' }));
 */
export function useRowAction(refresh: () => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const runOnRow = async (id: string, label: string, action: () => Promise<void>) => {
    setBusy(id);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(`${label}: ${messageOf(e)}`);
    } finally {
      setBusy(null);
      refresh();
    }
  };

  return { busy, error, runOnRow };
}
