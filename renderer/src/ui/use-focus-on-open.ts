/**
 * Moves the focus into a panel as it opens (its first field, else its first button, else the panel itself)
 * and brings the whole panel into view: focusing scrolls only as far as the field, which can leave the
 * rest of a panel opened near the window's bottom edge out of sight.
 */
import { useEffect, type RefObject } from 'react';

const FIRST_FIELD = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/**
 * @example
 * const panel = useRef<HTMLDivElement>(null);
 * useFocusOnOpen(panel); // on mount: the panel's first input takes the focus and the panel scrolls into view
 */
export function useFocusOnOpen(panel: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = panel.current;
    if (!root) return;
    const target = root.querySelector<HTMLElement>(FIRST_FIELD) ?? root.querySelector<HTMLElement>('button:not(:disabled)') ?? root;
    target.focus();
    root.scrollIntoView({ block: 'nearest' });
  }, []);
}
