/** A dashboard panel's form buttons: its one action (submit) and Close, with what the action is doing beside them. */
import type { ReactNode } from 'react';

interface Props {
  /** The submit button's words: what the form does ("Start", "Deploy"). */
  action: string;
  disabled: boolean;
  onClose: () => void;
  /** A busy status while the action runs, shown after the buttons. */
  children?: ReactNode;
}

export function PanelButtons({ action, disabled, onClose, children }: Props) {
  return (
    <div className="actions wide">
      <button type="submit" className="primary" disabled={disabled}>
        {action}
      </button>
      <button type="button" onClick={onClose}>
        Close
      </button>
      {children}
    </div>
  );
}
