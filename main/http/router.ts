/** Maps a request path to a route: exact paths in a map, patterns like /v2/models/{name}/ready by segment. */
import { HttpError } from './http-errors.ts';
import type { Exchange } from './exchange.ts';

export type Params = Record<string, string>;
export type Handler<C> = (exchange: Exchange, context: C, params: Params) => Promise<void> | void;

export interface Route<C> {
  /** The pattern, used as the metrics label. */
  label: string;
  get?: Handler<C>;
  post?: Handler<C>;
  /** Open routes skip the API key (health checks, the docs page's static files). */
  open?: boolean;
}

export interface Match<C> {
  route: Route<C>;
  params: Params;
}

export const MAX_URL_LENGTH = 4096;
const MAX_PARAM_LENGTH = 256;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'the path has invalid percent-encoding');
  }
}

export class Router<C> {
  private readonly exact = new Map<string, Route<C>>();
  private readonly patterns: { segments: string[]; route: Route<C> }[] = [];

  /** @example router.add({ label: '/v2/models/{name}', get: modelMetadata }) */
  add(route: Route<C>): this {
    if (route.label.includes('{')) this.patterns.push({ segments: route.label.split('/'), route });
    else this.exact.set(route.label, route);
    return this;
  }

  /** The route for a path (without the query), or undefined; bad percent-encoding in a parameter is a 400. */
  match(path: string): Match<C> | undefined {
    const exact = this.exact.get(path);
    if (exact) return { route: exact, params: {} };
    const segments = path.split('/');
    for (const pattern of this.patterns) {
      if (pattern.segments.length !== segments.length) continue;
      const params: Params = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const want = pattern.segments[i]!;
        const got = segments[i]!;
        if (want.startsWith('{')) {
          if (got === '' || got.length > MAX_PARAM_LENGTH) ok = false;
          else params[want.slice(1, -1)] = decodeSegment(got);
        } else if (want !== got) ok = false;
      }
      if (ok) return { route: pattern.route, params };
    }
    return undefined;
  }
}
