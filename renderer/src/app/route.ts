/** The app's places as URL hashes: #/wizard, #/containers, #/test/<container>. */

export type Route = { page: 'wizard' } | { page: 'containers' } | { page: 'test'; container: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'containers') return { page: 'containers' };
  if (path.startsWith('test/')) {
    const container = decodeURIComponent(path.slice('test/'.length));
    if (container) return { page: 'test', container };
  }
  return { page: 'wizard' };
}

export function routeHash(route: Route): string {
  return route.page === 'test' ? `#/test/${encodeURIComponent(route.container)}` : `#/${route.page}`;
}
