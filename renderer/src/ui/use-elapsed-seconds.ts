/** Whole seconds since `since` (a Date.now() value), ticking once a second; 0 when `since` is null. */
import { useEffect, useState } from 'react';

/** @example const seconds = useElapsedSeconds(busy ? startedAt : null); */
export function useElapsedSeconds(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}
