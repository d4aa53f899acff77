import 'reflect-metadata';
import {
  APIKeyAuthMixin,
  Credentials,
  type HandlerClass,
  Plugin,
  type PluginOptions,
  SimpleAPI,
  SimpleAPIRoute,
  WebSocketAPI,
  api,
} from '../../sdk/index.js';
import { compilePlugin } from './plugin-compiler.js';
import { PluginLoadError, PluginLoadErrorCode } from './plugin-load.errors.js';

function pluginClass(options: Partial<PluginOptions> & Record<string, unknown>): unknown {
  @Plugin({ name: 'demo', ...options } as PluginOptions)
  class DemoPlugin {}
  return DemoPlugin;
}

function loadErrorOf(folder: string, moduleClass: unknown): PluginLoadError {
  try {
    compilePlugin(folder, moduleClass);
  } catch (error) {
    if (error instanceof PluginLoadError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected compilePlugin to throw a PluginLoadError');
}

function compileHandlers(...handlers: unknown[]): PluginLoadError {
  return loadErrorOf('demo', pluginClass({ handlers: handlers as HandlerClass[] }));
}

class PingRoute extends SimpleAPIRoute {
  public static override PATH = '/ping';

  public get(): [] {
    return [];
  }

  public post(): [] {
    return [];
  }
}

class ItemsApi extends APIKeyAuthMixin(SimpleAPI) {
  public static override PREFIX = '/stores/<store>';

  @api.get('/items/<item>')
  public read(): [] {
    return [];
  }

  @api.delete('/items/<item>')
  public remove(): [] {
    return [];
  }

  @api.get('/items')
  public list(): [] {
    return [];
  }
}

class DemoSocket extends WebSocketAPI {
  public static override CHANNELS = ['demo', /^demo-\d+$/];
}

describe(compilePlugin.name, () => {
  describe('when the plugin is valid', () => {
    it('should compile its declaration, routes and sockets', () => {
      const moduleClass = pluginClass({
        handlers: [PingRoute, ItemsApi, DemoSocket],
        secrets: ['api-key'],
      });

      const sut = compilePlugin('demo', moduleClass);

      expect(sut.name).toBe('demo');
      expect(sut.moduleClass).toBe(moduleClass);
      expect(sut.secretNames).toEqual(['api-key']);
      expect(sut.httpHandlers.map((handler) => handler.name)).toEqual(['PingRoute', 'ItemsApi']);
      expect(sut.webSocketHandlers.map((handler) => handler.handlerClass)).toEqual([DemoSocket]);
    });

    it('should compile a route class into one route per verb method', () => {
      const [ping] = compilePlugin('demo', pluginClass({ handlers: [PingRoute] })).httpHandlers;

      expect([...ping.routes.keys()]).toEqual(['GET', 'POST']);
      expect(ping.routes.get('GET')).toEqual([
        expect.objectContaining({ path: '/ping', methodName: 'get', paramNames: [] }),
      ]);
      expect(ping.credentialsClass).toBe(Credentials);
    });

    it('should prefix API routes and keep their declaration order', () => {
      const [items] = compilePlugin('demo', pluginClass({ handlers: [ItemsApi] })).httpHandlers;

      const getRoutes = items.routes.get('GET') ?? [];
      expect(getRoutes.map((route) => [route.path, route.methodName])).toEqual([
        ['/stores/<store>/items/<item>', 'read'],
        ['/stores/<store>/items', 'list'],
      ]);
      expect(getRoutes[0].paramNames).toEqual(['store', 'item']);
      expect(getRoutes[0].regex.test('/stores/s1/items/i1')).toBe(true);
      expect(items.routes.get('DELETE')?.map((route) => route.methodName)).toEqual(['remove']);
      expect(items.credentialsClass).toBe(ItemsApi.CREDENTIALS);
    });

    it('should not take inherited Object members for verb methods', () => {
      class HelperRoute extends SimpleAPIRoute {
        public override toString(): string {
          return 'HelperRoute';
        }
      }

      const [helper] = compilePlugin('demo', pluginClass({ handlers: [HelperRoute] })).httpHandlers;

      expect(helper.routes.size).toBe(0);
    });

    it('should default secrets, imports and providers to empty lists', () => {
      const sut = compilePlugin('demo', pluginClass({ handlers: [DemoSocket] }));

      expect(sut.secretNames).toEqual([]);
      expect(sut.imports).toEqual([]);
      expect(sut.providers).toEqual([]);
    });
  });

  describe('when the declaration is invalid', () => {
    it('should reject a class without @Plugin', () => {
      class NotAPlugin {}

      const error = loadErrorOf('demo', NotAPlugin);

      expect(error.code).toBe(PluginLoadErrorCode.NoPluginClass);
      expect(error.message).toContain('Plugin "demo" was not loaded');
    });

    it('should reject nothing exported at all', () => {
      expect(loadErrorOf('demo', undefined).code).toBe(PluginLoadErrorCode.NoPluginClass);
    });

    it.each(['Demo', 'de-mo', '1demo', '_demo', ''])('should reject the name %j', (name) => {
      const error = loadErrorOf(name, pluginClass({ name, handlers: [PingRoute] }));

      expect(error.code).toBe(PluginLoadErrorCode.InvalidDeclaration);
      expect(error.message).toContain('name must be lowercase letters');
    });

    it('should reject a name that differs from the folder', () => {
      const error = loadErrorOf('other', pluginClass({ handlers: [PingRoute] }));

      expect(error.code).toBe(PluginLoadErrorCode.InvalidDeclaration);
      expect(error.plugin).toBe('demo');
      expect(error.message).toContain('Plugin "demo" was not loaded');
      expect(error.message).toContain('"other"');
    });

    it('should reject an unknown option key', () => {
      const error = loadErrorOf('demo', pluginClass({ handlers: [PingRoute], routes: [] }));

      expect(error.code).toBe(PluginLoadErrorCode.InvalidDeclaration);
      expect(error.message).toContain('routes');
    });

    it('should reject an empty handler list', () => {
      const error = compileHandlers();

      expect(error.code).toBe(PluginLoadErrorCode.InvalidDeclaration);
      expect(error.message).toContain('handlers');
    });

    it('should reject a secret name with a space', () => {
      const error = loadErrorOf('demo', pluginClass({ handlers: [PingRoute], secrets: ['a b'] }));

      expect(error.code).toBe(PluginLoadErrorCode.InvalidDeclaration);
      expect(error.message).toContain('secrets');
    });

    it('should list every problem of the declaration in one message', () => {
      const error = loadErrorOf(
        'demo',
        pluginClass({ name: 'Bad', handlers: 'x' as unknown as HandlerClass[] }),
      );

      expect(error.message).toContain('name must be');
      expect(error.message).toContain('handlers');
    });
  });

  describe('when a handler is invalid', () => {
    it('should reject a class that is not a handler class', () => {
      class Helper {}

      const error = compileHandlers(PingRoute, Helper);

      expect(error.code).toBe(PluginLoadErrorCode.InvalidHandler);
      expect(error.message).toContain('Plugin "demo" was not loaded');
      expect(error.message).toContain('Helper');
    });

    it('should reject CHANNELS that is not a list', () => {
      class BadSocket extends WebSocketAPI {
        public static override CHANNELS = 'demo' as unknown as string[];
      }

      const error = compileHandlers(BadSocket);

      expect(error.code).toBe(PluginLoadErrorCode.InvalidHandler);
      expect(error.message).toContain('BadSocket.CHANNELS');
    });

    it('should reject CREDENTIALS that is not a Credentials class', () => {
      class NotCredentials {}
      class BadCredentialsApi extends SimpleAPI {
        public static override CREDENTIALS = NotCredentials as unknown as typeof Credentials;
      }

      const error = compileHandlers(BadCredentialsApi);

      expect(error.code).toBe(PluginLoadErrorCode.InvalidHandler);
      expect(error.message).toContain('BadCredentialsApi: CREDENTIALS');
    });
  });

  describe('when a route is invalid', () => {
    function expectRouteError(handler: unknown, className: string, detail: string): void {
      const error = compileHandlers(handler);

      expect(error.code).toBe(PluginLoadErrorCode.InvalidRoute);
      expect(error.plugin).toBe('demo');
      expect(error.message).toContain(`Plugin "demo" was not loaded: ${className}: `);
      expect(error.message).toContain(detail);
    }

    it('should reject a route declared twice', () => {
      class TwiceApi extends SimpleAPI {
        @api.get('/a')
        public first(): [] {
          return [];
        }

        @api.get('/a')
        public second(): [] {
          return [];
        }
      }

      expectRouteError(TwiceApi, 'TwiceApi', 'GET /a is declared twice');
    });

    it('should reject a route declared twice through the prefix', () => {
      class PrefixedTwiceApi extends SimpleAPI {
        public static override PREFIX = '/p';

        @api.post('/a')
        public first(): [] {
          return [];
        }

        @api.post('/a')
        public second(): [] {
          return [];
        }
      }

      expectRouteError(PrefixedTwiceApi, 'PrefixedTwiceApi', 'POST /p/a is declared twice');
    });

    it('should reject a PREFIX without a leading slash', () => {
      class NoSlashPrefixApi extends SimpleAPI {
        public static override PREFIX = 'items';

        @api.get('/a')
        public read(): [] {
          return [];
        }
      }

      expectRouteError(NoSlashPrefixApi, 'NoSlashPrefixApi', 'PREFIX "items" must start with "/"');
    });

    it('should reject a route path without a leading slash', () => {
      class NoSlashPathApi extends SimpleAPI {
        @api.get('items')
        public read(): [] {
          return [];
        }
      }

      expectRouteError(NoSlashPathApi, 'NoSlashPathApi', 'route path "items" of read()');
    });

    it('should reject a route class PATH without a leading slash', () => {
      class NoSlashRoute extends SimpleAPIRoute {
        public static override PATH = 'ping';

        public get(): [] {
          return [];
        }
      }

      expectRouteError(NoSlashRoute, 'NoSlashRoute', 'must start with "/"');
    });

    it('should reject a bad parameter name', () => {
      class BadParamApi extends SimpleAPI {
        @api.get('/items/<item-id>')
        public read(): [] {
          return [];
        }
      }

      expectRouteError(BadParamApi, 'BadParamApi', 'parameter <item-id>');
    });

    it('should reject a route class with a PREFIX', () => {
      class PrefixedRoute extends SimpleAPIRoute {
        public static PREFIX = '/p';
        public static override PATH = '/ping';

        public get(): [] {
          return [];
        }
      }

      expectRouteError(PrefixedRoute, 'PrefixedRoute', 'no PREFIX');
    });

    it('should reject a route class with an @api decorator', () => {
      class DecoratedRoute extends SimpleAPIRoute {
        public static override PATH = '/ping';

        @api.get('/other')
        public other(): [] {
          return [];
        }
      }

      expectRouteError(DecoratedRoute, 'DecoratedRoute', 'instead of using @api');
    });

    it('should reject a route class with verb methods but no PATH', () => {
      class PathlessRoute extends SimpleAPIRoute {
        public get(): [] {
          return [];
        }
      }

      expectRouteError(PathlessRoute, 'PathlessRoute', 'set static PATH');
    });

    it('should reject a decorated method named authenticate', () => {
      class AuthRouteApi extends SimpleAPI {
        @api.get('/login')
        public override authenticate(): boolean {
          return true;
        }
      }

      expectRouteError(AuthRouteApi, 'AuthRouteApi', 'route method "authenticate"');
    });
  });
});

describe('compilePlugin (dependency injection)', () => {
  class Clock {}

  class NotMarked extends SimpleAPI {
    public constructor(public readonly clock: Clock) {
      super();
    }
  }

  @Plugin({ name: 'needs_inject', handlers: [NotMarked] })
  class NeedsInjectPlugin {}

  it('should reject a handler that takes constructor parameters without @Injectable()', () => {
    expect(() => compilePlugin('needs_inject', NeedsInjectPlugin)).toThrow(
      expect.objectContaining({
        code: PluginLoadErrorCode.NotInjectable,
        message: expect.stringContaining('NotMarked') as unknown,
      }),
    );
  });
});
