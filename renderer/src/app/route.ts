/** The app's places as URL hashes: #/wizard, #/new (a new wizard, then #/wizard), #/containers, #/test/<container>. */

/** A test route without a container asks the user to pick one; `new` asks the wizard to start over. */
export type Route = { page: 'wizard' } | { page: 'new' } | { page: 'containers' } | { page: 'test'; container?: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'containers') return { page: 'containers' };
  if (path === 'new') return { page: 'new' };
  if (path === 'test' || path.startsWith('test/')) {
    const container = decodeURIComponent(path.slice('test/'.length));
    return container ? { page: 'test', container } : { page: 'test' };
  }
  return { page: 'wizard' };
}

export function routeHash(route: Route): string {
  if (route.page === 'test') return route.container ? `#/test/${encodeURIComponent(route.container)}` : '#/test';
  return `#/${route.page}`;
}
