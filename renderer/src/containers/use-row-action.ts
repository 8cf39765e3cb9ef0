/** One action at a time on a listed row: which row is busy, the last failure named by its row, and a fresh listing after every attempt. */
import { messageOf } from '../ui/format.ts';
import { useAsyncAction } from '../ui/use-async-action.ts';

/**
 * @example
 * const { busy, error, runOnRow } = useRowAction(refresh);
 * void runOnRow(row.id, row.name, () => api.containerAction({ container: row.id, action: 'stop' }));
 */
export function useRowAction(refresh: () => void) {
  const { busyKey, error, run } = useAsyncAction();

  /** `settled` runs after the action, before the listing is refreshed. */
  const runOnRow = (id: string, label: string, action: () => Promise<unknown>, settled?: () => void) =>
    run(action, {
      key: id,
      failure: (e) => `${label}: ${messageOf(e)}`,
      settled: () => {
        settled?.();
        refresh();
      },
    });

  return { busy: busyKey, error, runOnRow };
}
