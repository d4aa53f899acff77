/** A route path turned into a full-match regular expression. */
export interface CompiledPath {
  readonly regex: RegExp;
  readonly paramNames: readonly string[];
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM_TOKEN = /<([^<>]*)>/g;

/** Why a path cannot be compiled; the caller adds the plugin, class and route. */
export class RoutePathError extends Error {}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function literal(path: string, text: string): string {
  if (/[<>]/.test(text)) {
    throw new RoutePathError(`path "${path}" has an unbalanced "<" or ">"`);
  }
  return escapeLiteral(text);
}

/**
 * Compiles a route path: `<name>` matches one or more characters other than `/`, everything
 * else is literal. The regex is matched against the raw (undecoded) request path.
 */
export function compileRoutePath(path: string): CompiledPath {
  if (!path.startsWith('/')) {
    throw new RoutePathError(`path "${path}" must start with "/"`);
  }

  const paramNames: string[] = [];
  let source = '';
  let last = 0;
  for (const match of path.matchAll(PARAM_TOKEN)) {
    const name = match[1];
    if (!PARAM_NAME.test(name)) {
      throw new RoutePathError(`parameter <${name}> in "${path}" must be a valid identifier`);
    }
    if (paramNames.includes(name)) {
      throw new RoutePathError(`parameter <${name}> appears twice in "${path}"`);
    }
    paramNames.push(name);
    source += literal(path, path.slice(last, match.index)) + '([^/]+)';
    last = match.index + match[0].length;
  }
  source += literal(path, path.slice(last));

  return { regex: new RegExp(`^${source}$`), paramNames };
}
