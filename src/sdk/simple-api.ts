import { type CredentialsClass, Credentials } from './credentials.js';
import type { Effect } from './effect.js';
import { BaseHandler } from './handler.js';
import type { SimpleAPIRequest } from './request.js';
import type { Response } from './response.js';

/** HTTP methods a route can serve. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route method returns: at most one response, and any effects. */
export type RouteResult = Array<Response | Effect> | Promise<Array<Response | Effect>>;

/** A route declared on a handler class. */
export interface RouteDeclaration {
  method: HttpMethod;
  path: string;
  handlerName: string;
}

const declaredRoutes = new WeakMap<object, RouteDeclaration[]>();

/**
 * What SimpleAPI and SimpleAPIRoute share: the request, the credentials type and
 * `authenticate()`, which runs before any route method and denies by default.
 */
export abstract class SimpleAPIBase extends BaseHandler {
  /**
   * The credentials class `authenticate()` receives. The authentication mixins set it.
   * @default Credentials
   */
  public static CREDENTIALS: CredentialsClass = Credentials;

  /** The request being served; set by the host before `authenticate()` runs. */
  public request!: SimpleAPIRequest;

  /**
   * Decides whether the request may reach the route. Return `true` to accept; `false` answers
   * 401 `Provided credentials are invalid`; throwing an `AuthenticationError` answers 401 with
   * its message; any other exception answers 500. May be async.
   */
  public authenticate(_credentials: Credentials): boolean | Promise<boolean> {
    return false;
  }
}

/**
 * A handler with many routes, each a method marked with `@api.get(path)` … `@api.delete(path)`.
 * `PREFIX` (optional, starts with `/`) is put in front of every path. In a path, `<name>` is a
 * parameter matching one or more characters other than `/`; all other text is literal. The
 * trailing slash is significant, and the first declared route that matches wins.
 *
 * @example
 * ```ts
 * export class NotesApi extends APIKeyAuthMixin(SimpleAPI) {
 *   static override PREFIX = '/notes';
 *
 *   @api.get('/<id>')
 *   read(): RouteResult {
 *     return [new JSONResponse({ id: this.request.pathParams.id })];
 *   }
 * }
 * ```
 */
export abstract class SimpleAPI extends SimpleAPIBase {
  /** Put in front of every route path of the class. @default '' */
  public static PREFIX = '';
}

/**
 * A handler for one path whose methods are named after the HTTP verbs they serve
 * (`get`, `post`, `put`, `patch`, `delete`).
 *
 * @example
 * ```ts
 * export class PingRoute extends SimpleAPIRoute {
 *   static override PATH = '/ping';
 *   override authenticate(): boolean { return true; }
 *   get(): RouteResult { return [new PlainTextResponse('pong')]; }
 * }
 * ```
 */
export abstract class SimpleAPIRoute extends SimpleAPIBase {
  /** The one path this class serves; must start with `/`. */
  public static PATH = '';
}

// TODO: Accept a `fileUploads: 'stored'` option as Canvas does, once the host has a blob store to
// upload multipart files to before the route runs; until then every upload is parsed in memory.
function routeDecorator(method: HttpMethod) {
  return (path: string): MethodDecorator =>
    (target: object, propertyKey: string | symbol): void => {
      const owner = target.constructor;
      const routes = declaredRoutes.get(owner) ?? [];
      routes.push({ method, path, handlerName: String(propertyKey) });
      declaredRoutes.set(owner, routes);
    };
}

/**
 * Route decorators for {@link SimpleAPI} methods.
 *
 * @example
 * ```ts
 * @api.post('/patients/<patientId>/messages')
 * send(): RouteResult { … }
 * ```
 */
export const api = {
  get: routeDecorator('GET'),
  post: routeDecorator('POST'),
  put: routeDecorator('PUT'),
  patch: routeDecorator('PATCH'),
  delete: routeDecorator('DELETE'),
} as const;

/** The routes declared with `@api.*` on `handlerClass` itself (not on its parents). */
export function getDeclaredRoutes(handlerClass: object): readonly RouteDeclaration[] {
  return declaredRoutes.get(handlerClass) ?? [];
}

/** Verb-named methods a {@link SimpleAPIRoute} may define, with the method each serves. */
export const ROUTE_VERB_METHODS: Readonly<Record<string, HttpMethod>> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};
