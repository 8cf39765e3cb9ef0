/** The current route, following the URL hash. */
import { useEffect, useState } from 'react';
import { parseRoute, routeHash, type Route } from './route.ts';

/** Goes to a route; with `replace`, in place of the current history entry (Back does not return to it). */
export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate: Navigate = (to, options) => {
    if (!options?.replace) {
      window.location.hash = routeHash(to);
      return;
    }
    // replaceState fires no hashchange: the route is set here.
    window.history.replaceState(window.history.state, '', routeHash(to));
    setRoute(to);
  };
  return [route, navigate];
}
