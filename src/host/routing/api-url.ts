import { PLUGIN_NAME_PATTERN } from '../../sdk/index.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of a SimpleAPI URL: `/plugin-io/api/<plugin><path>?<query>`. */
export interface ApiUrl {
  readonly plugin: string;
  readonly path: string;
  readonly queryString: string;
}

export const API_URL_PREFIX = '/plugin-io/api/';

/**
 * Splits a raw request URL. Returns null when the plugin segment is not a valid plugin name,
 * which also turns away `..`, encoded slashes and other path tricks before any lookup.
 */
export function parseApiUrl(rawUrl: string): ApiUrl | null {
  if (!rawUrl.startsWith(API_URL_PREFIX)) {
    return null;
  }
  const query = rawUrl.indexOf('?');
  const pathPart = query < 0 ? rawUrl : rawUrl.slice(0, query);
  const queryString = query < 0 ? '' : rawUrl.slice(query + 1);

  const rest = pathPart.slice(API_URL_PREFIX.length);
  const slash = rest.indexOf('/');
  const plugin = slash < 0 ? rest : rest.slice(0, slash);
  if (!PLUGIN_NAME_PATTERN.test(plugin)) {
    return null;
  }
  const path = slash < 0 ? '/' : rest.slice(slash);
  return { plugin, path, queryString };
}

/**
 * Express middleware, mounted before the routes: escapes every `%` in the path of a SimpleAPI
 * URL as seen by Express's router. The router decodes its own route parameter and would answer
 * bad percent-encoding with its own 400 body before the SimpleAPI runs. The SimpleAPI reads the
 * raw URL from `req.originalUrl`, matches it undecoded and decodes path parameters itself (400
 * `SIMPLEAPI_ERR_BAD_PATH`).
 */
export function shieldApiPathEscapes(
  req: IncomingMessage,
  _res: ServerResponse,
  next: () => void,
): void {
  const url = req.url ?? '';
  if (url.startsWith(API_URL_PREFIX) && url.includes('%')) {
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    req.url = path.replaceAll('%', '%25') + (query < 0 ? '' : url.slice(query));
  }
  next();
}
