import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { BaseHandler, Environment, Secrets } from '../../sdk/index.js';
import type { CompiledPlugin, HandlerConstructor } from './compiled-plugin.js';

/** Nest's record of `@Inject(token)` overrides on constructor parameters. */
const SELF_DECLARED_DEPS = 'self:paramtypes';

/**
 * A plugin being served: its compiled handlers, secrets and the Nest module its handlers'
 * dependencies come from.
 */
export class LoadedPlugin {
  private moduleRef?: ModuleRef;
  private readonly dependencies = new Map<object, unknown[]>();

  public constructor(
    public readonly compiled: CompiledPlugin,
    public readonly secrets: Secrets,
    public readonly environment: Environment,
  ) {}

  public get name(): string {
    return this.compiled.name;
  }

  /** Called once the plugin's Nest module exists. */
  public attach(moduleRef: ModuleRef): void {
    this.moduleRef = moduleRef;
  }

  // TODO: Re-create request-scoped and transient providers per request. Dependencies are resolved
  // once per handler class and reused, because resolving through the injector on every request
  // would cost more than the rest of the dispatch.
  /**
   * Creates a handler for one request or connection attempt. Constructor dependencies are
   * resolved through the plugin module's injector on first use and reused afterwards, so each
   * instantiation is a plain `new`.
   */
  public instantiate<T extends BaseHandler>(handlerClass: HandlerConstructor<T>): T {
    const handler = new handlerClass(...this.dependenciesOf(handlerClass));
    handler.secrets = this.secrets;
    handler.environment = this.environment;
    return handler;
  }

  private dependenciesOf(handlerClass: object): unknown[] {
    let resolved = this.dependencies.get(handlerClass);
    if (resolved === undefined) {
      resolved = this.resolveDependencies(handlerClass);
      this.dependencies.set(handlerClass, resolved);
    }
    return resolved;
  }

  private resolveDependencies(handlerClass: object): unknown[] {
    const types = (Reflect.getMetadata('design:paramtypes', handlerClass) ?? []) as unknown[];
    if (types.length === 0) {
      return [];
    }
    if (this.moduleRef === undefined) {
      throw new Error(`Plugin "${this.name}" has no module yet; handlers cannot be created`);
    }
    const overrides = (Reflect.getMetadata(SELF_DECLARED_DEPS, handlerClass) ?? []) as Array<{
      index: number;
      param: unknown;
    }>;
    const moduleRef = this.moduleRef;
    return types.map((type, index) => {
      const token = (overrides.find((entry) => entry.index === index)?.param ?? type) as Type;
      return resolveFrom(moduleRef, token);
    });
  }
}

/**
 * Looks a dependency up in the plugin's own module first. Only then does it search the whole
 * application (for exports of modules the plugin imports), because a token every plugin
 * provides, such as BroadcastPublisher, must resolve to this plugin's own instance.
 */
function resolveFrom(moduleRef: ModuleRef, token: Type): unknown {
  try {
    return moduleRef.get(token, { strict: true });
  } catch {
    return moduleRef.get(token, { strict: false });
  }
}
