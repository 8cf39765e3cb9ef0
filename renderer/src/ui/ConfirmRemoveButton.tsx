/** A Remove button that asks in place before it acts: Confirm remove or Keep. */
import { useState } from 'react';

/**
 * @example
 * <ConfirmRemoveButton busy={busy} onRemove={() => void remove(row)} />
 */
export function ConfirmRemoveButton({ busy, onRemove }: { busy: boolean; onRemove: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
        Remove
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={() => {
          setConfirming(false);
          onRemove();
        }}
      >
        Confirm remove
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </>
  );
}
