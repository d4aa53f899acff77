import { validateSync } from 'class-validator';
import {
  Credentials,
  type HttpMethod,
  SimpleAPI,
  SimpleAPIBase,
  SimpleAPIRoute,
  WebSocketAPI,
  ROUTE_VERB_METHODS,
  getDeclaredRoutes,
  getPluginOptions,
} from '../../sdk/internal.js';
import type {
  CompiledHttpHandler,
  CompiledPlugin,
  CompiledRoute,
  CompiledWebSocketHandler,
  HandlerConstructor,
} from './compiled-plugin.js';
import { PluginDeclarationDto } from './plugin-declaration.dto.js';
import { PluginLoadError, PluginLoadErrorCode } from './plugin-load.errors.js';
import { RoutePathError, compileRoutePath } from './route-path.js';

/** Members of the handler base classes a route method must not replace. */
const RESERVED_MEMBERS = new Set([
  'authenticate',
  'request',
  'secrets',
  'environment',
  'constructor',
]);

/**
 * Checks a plugin class's declaration and compiles its handlers' route tables.
 *
 * @throws {@link PluginLoadError} naming the plugin, the class and what to fix.
 */
export function compilePlugin(folder: string, moduleClass: unknown): CompiledPlugin {
  const options = getPluginOptions(moduleClass);
  if (options === undefined) {
    throw new PluginLoadError(
      PluginLoadErrorCode.NoPluginClass,
      folder,
      'the exported class is not marked with @Plugin',
    );
  }
  const name = validateDeclaration(folder, options);

  const httpHandlers: CompiledHttpHandler[] = [];
  const webSocketHandlers: CompiledWebSocketHandler[] = [];
  for (const handler of options.handlers as unknown[]) {
    assertInjectable(name, handler);
    if (isSubclassOf(handler, WebSocketAPI)) {
      webSocketHandlers.push(compileWebSocketHandler(name, handler));
    } else if (isSubclassOf(handler, SimpleAPIBase)) {
      httpHandlers.push(compileHttpHandler(name, handler));
    } else {
      throw new PluginLoadError(
        PluginLoadErrorCode.InvalidHandler,
        name,
        `handler ${describe(handler)} must extend SimpleAPI, SimpleAPIRoute or WebSocketAPI`,
      );
    }
  }

  return {
    name,
    moduleClass: moduleClass as CompiledPlugin['moduleClass'],
    secretNames: options.secrets ?? [],
    imports: options.imports ?? [],
    providers: options.providers ?? [],
    httpHandlers,
    webSocketHandlers,
  };
}

/**
 * TypeScript records constructor parameter types only for decorated classes; without them the
 * injector would pass `undefined` for every dependency, and the failure would show per request.
 */
function assertInjectable(plugin: string, handler: unknown): void {
  if (
    typeof handler === 'function' &&
    handler.length > 0 &&
    !Reflect.hasOwnMetadata('design:paramtypes', handler)
  ) {
    throw new PluginLoadError(
      PluginLoadErrorCode.NotInjectable,
      plugin,
      `${handler.name} takes constructor parameters; mark it with @Injectable() so they can be injected`,
    );
  }
}

function validateDeclaration(folder: string, options: object): string {
  const dto = Object.assign(new PluginDeclarationDto(), options);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  const name = typeof dto.name === 'string' ? dto.name : folder;
  if (errors.length > 0) {
    const reasons = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new PluginLoadError(PluginLoadErrorCode.InvalidDeclaration, name, reasons.join('; '));
  }
  if (dto.name !== folder) {
    throw new PluginLoadError(
      PluginLoadErrorCode.InvalidDeclaration,
      name,
      `its folder is "${folder}"; rename the folder or the plugin so that they match`,
    );
  }
  return dto.name;
}

function isSubclassOf<T extends abstract new (...args: never[]) => unknown>(
  value: unknown,
  base: T,
): value is T {
  return typeof value === 'function' && value.prototype instanceof base;
}

function describe(value: unknown): string {
  return typeof value === 'function' ? value.name || '(anonymous class)' : String(value);
}

function compileWebSocketHandler(
  plugin: string,
  handler: typeof WebSocketAPI,
): CompiledWebSocketHandler {
  const channels = handler.CHANNELS;
  if (channels !== undefined && !Array.isArray(channels)) {
    throw new PluginLoadError(
      PluginLoadErrorCode.InvalidHandler,
      plugin,
      `${handler.name}.CHANNELS must be a list of channel names or regular expressions`,
    );
  }
  return {
    name: handler.name,
    handlerClass: handler as unknown as CompiledWebSocketHandler['handlerClass'],
  };
}

function compileHttpHandler(plugin: string, handler: typeof SimpleAPIBase): CompiledHttpHandler {
  const fail = (detail: string, code: PluginLoadErrorCode = PluginLoadErrorCode.InvalidRoute) =>
    new PluginLoadError(code, plugin, `${handler.name}: ${detail}`);

  if (!isSubclassOf(handler.CREDENTIALS, Credentials) && handler.CREDENTIALS !== Credentials) {
    throw fail(
      'CREDENTIALS must be Credentials or a subclass of it',
      PluginLoadErrorCode.InvalidHandler,
    );
  }

  const declared = isSubclassOf(handler, SimpleAPIRoute)
    ? routeClassRoutes(handler, fail)
    : apiClassRoutes(handler as typeof SimpleAPI, fail);

  const routes = new Map<HttpMethod, CompiledRoute[]>();
  for (const route of declared) {
    const list = routes.get(route.method) ?? [];
    if (list.some((existing) => existing.path === route.path)) {
      throw fail(`${route.method} ${route.path} is declared twice; keep one route method for it`);
    }
    list.push(compileRoute(route, fail));
    routes.set(route.method, list);
  }

  return {
    name: handler.name,
    handlerClass: handler as unknown as HandlerConstructor<SimpleAPIBase>,
    credentialsClass: handler.CREDENTIALS,
    routes,
  };
}

interface DeclaredRoute {
  method: HttpMethod;
  path: string;
  methodName: string;
}

type Fail = (detail: string) => PluginLoadError;

function compileRoute(route: DeclaredRoute, fail: Fail): CompiledRoute {
  try {
    const { regex, paramNames } = compileRoutePath(route.path);
    return { ...route, regex, paramNames };
  } catch (error) {
    if (error instanceof RoutePathError) {
      throw fail(`${route.method} route: ${error.message}`);
    }
    throw error;
  }
}

function routeClassRoutes(handler: typeof SimpleAPIRoute, fail: Fail): DeclaredRoute[] {
  if ('PREFIX' in handler) {
    throw fail('a SimpleAPIRoute has one PATH and no PREFIX; use SimpleAPI for prefixed routes');
  }
  if (getDeclaredRoutes(handler).length > 0) {
    throw fail(
      'a SimpleAPIRoute names its methods get/post/put/patch/delete instead of using @api',
    );
  }
  // Own keys only: `in` would also accept Object.prototype members such as `constructor`.
  const verbs = Object.getOwnPropertyNames(handler.prototype).filter((member) =>
    Object.hasOwn(ROUTE_VERB_METHODS, member),
  );
  if (verbs.length > 0 && !handler.PATH) {
    throw fail('set static PATH (starting with "/") to the path the class serves');
  }
  return verbs.map((verb) => ({
    method: ROUTE_VERB_METHODS[verb],
    path: handler.PATH,
    methodName: verb,
  }));
}

function apiClassRoutes(handler: typeof SimpleAPI, fail: Fail): DeclaredRoute[] {
  const prefix = handler.PREFIX ?? '';
  if (prefix !== '' && !prefix.startsWith('/')) {
    throw fail(`PREFIX "${prefix}" must start with "/"`);
  }
  return getDeclaredRoutes(handler).map((route) => {
    if (RESERVED_MEMBERS.has(route.handlerName)) {
      throw fail(`route method "${route.handlerName}" replaces a member of SimpleAPI; rename it`);
    }
    if (!route.path.startsWith('/')) {
      throw fail(`route path "${route.path}" of ${route.handlerName}() must start with "/"`);
    }
    return { method: route.method, path: prefix + route.path, methodName: route.handlerName };
  });
}
