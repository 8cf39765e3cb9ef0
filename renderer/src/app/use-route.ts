/** The current route, following the URL hash. */
import { useEffect, useState } from 'react';
import { parseRoute, routeHash, type Route } from './route.ts';

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = (to: Route) => {
    window.location.hash = routeHash(to);
  };
  return [route, navigate];
}
