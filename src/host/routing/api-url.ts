/** The parts of a SimpleAPI URL: `/plugin-io/api/<plugin><path>?<query>`. */
export interface ApiUrl {
  readonly plugin: string;
  readonly path: string;
  readonly queryString: string;
}

export const API_URL_PREFIX = '/plugin-io/api/';
const PLUGIN_NAME = /^[a-z][a-z0-9_]*$/;

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
  if (!PLUGIN_NAME.test(plugin)) {
    return null;
  }
  const path = slash < 0 ? '/' : rest.slice(slash);
  return { plugin, path, queryString };
}
