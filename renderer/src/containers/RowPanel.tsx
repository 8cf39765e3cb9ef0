/** A row's own panel, drawn as the table row right below it, that takes the focus as it opens. */
import { useRef, type ReactNode } from 'react';
import { useFocusOnOpen } from '../ui/use-focus-on-open.ts';

interface Props {
  /** The panel's element id, for the opening button's aria-controls. */
  id: string;
  /** How many columns the table has: the panel spans them all. */
  columns: number;
  children: ReactNode;
}

export function RowPanel({ id, columns, children }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  useFocusOnOpen(panel);
  return (
    <tr className="row-panel">
      <td colSpan={columns}>
        <div id={id} ref={panel} tabIndex={-1}>
          {children}
        </div>
      </td>
    </tr>
  );
}
