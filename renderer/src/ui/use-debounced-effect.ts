/** Runs an effect `ms` after its dependencies last changed; its cleanup runs when they change again. */
import { useEffect, type DependencyList } from 'react';

export function useDebouncedEffect(effect: () => void | (() => void), deps: DependencyList, ms: number): void {
  useEffect(() => {
    let cleanup: void | (() => void);
    const timer = setTimeout(() => {
      cleanup = effect();
    }, ms);
    return () => {
      clearTimeout(timer);
      if (cleanup) cleanup();
    };
  }, deps);
}
