import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { HttpMethod } from '../../sdk/index.js';
import type { CompiledHttpHandler, CompiledRoute } from '../plugins/compiled-plugin.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { PluginRegistry } from '../plugins/plugin-registry.service.js';
import type { ApiUrl } from './api-url.js';
import {
  BareServerErrorException,
  SimpleApiErrorCode,
  SimpleApiException,
} from './simple-api.errors.js';

/** The handler class and route a request goes to. */
export interface ResolvedRoute {
  readonly plugin: LoadedPlugin;
  readonly handler: CompiledHttpHandler;
  readonly route: CompiledRoute;
  readonly pathParams: Readonly<Record<string, string>>;
}

/**
 * Finds the one route of a plugin that serves a request: the first matching route of each class,
 * and exactly one class. Runs before credentials are looked at.
 */
@Injectable()
export class RouteResolver {
  private readonly logger = new Logger(RouteResolver.name);

  public constructor(private readonly registry: PluginRegistry) {}

  /** @throws 404 for an unknown plugin or no route, bare 500 when several classes match. */
  public resolve(method: string, url: ApiUrl): ResolvedRoute {
    const plugin = this.registry.get(url.plugin);
    if (plugin === undefined) {
      throw new SimpleApiException(
        SimpleApiErrorCode.PluginNotFound,
        HttpStatus.NOT_FOUND,
        `No plugin named "${url.plugin}" is loaded`,
      );
    }

    const matches = this.matchClasses(plugin, method as HttpMethod, url.path);
    if (matches.length === 0) {
      throw new SimpleApiException(
        SimpleApiErrorCode.RouteNotFound,
        HttpStatus.NOT_FOUND,
        `Plugin "${plugin.name}" has no route for ${method} ${url.path}`,
      );
    }
    if (matches.length > 1) {
      const names = matches.map(({ handler }) => handler.name).join(', ');
      this.logger.error({
        code: SimpleApiErrorCode.AmbiguousRoute,
        plugin: plugin.name,
        msg: `Plugin "${plugin.name}": ${method} ${url.path} matches several classes (${names}); make their routes distinct`,
      });
      throw new BareServerErrorException(SimpleApiErrorCode.AmbiguousRoute);
    }

    const [{ handler, route, values }] = matches;
    return { plugin, handler, route, pathParams: this.decodeParams(route, values) };
  }

  private matchClasses(
    plugin: LoadedPlugin,
    method: HttpMethod,
    path: string,
  ): Array<{ handler: CompiledHttpHandler; route: CompiledRoute; values: string[] }> {
    const matches = [];
    for (const handler of plugin.compiled.httpHandlers) {
      for (const route of handler.routes.get(method) ?? []) {
        const found = route.regex.exec(path);
        if (found !== null) {
          matches.push({ handler, route, values: found.slice(1) });
          break;
        }
      }
    }
    return matches;
  }

  private decodeParams(route: CompiledRoute, values: string[]): Record<string, string> {
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, index) => {
      try {
        params[name] = decodeURIComponent(values[index]);
      } catch {
        throw new SimpleApiException(
          SimpleApiErrorCode.BadPath,
          HttpStatus.BAD_REQUEST,
          `Path parameter <${name}> is not valid percent-encoding`,
        );
      }
    });
    return params;
  }
}
