import type { InjectionToken } from '@nestjs/common';
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
    if (injectionTokensOf(handlerClass).length === 0) {
      return [];
    }
    if (this.moduleRef === undefined) {
      throw new Error(`Plugin "${this.name}" has no module yet; handlers cannot be created`);
    }
    // The plugin module provides one factory per handler class that collects its constructor
    // arguments, so Nest resolves them by its own visibility rules (the plugin's providers, what
    // its imports export, global modules) and checks them when the application starts.
    return this.moduleRef.get<unknown[]>(dependenciesToken(handlerClass), { strict: true });
  }
}

const dependencyTokens = new WeakMap<object, symbol>();

/** The provider token under which a plugin module offers a handler's constructor arguments. */
export function dependenciesToken(handlerClass: object): symbol {
  let token = dependencyTokens.get(handlerClass);
  if (token === undefined) {
    token = Symbol(`plugin-io:dependencies:${(handlerClass as { name?: string }).name ?? ''}`);
    dependencyTokens.set(handlerClass, token);
  }
  return token;
}

/** A handler's constructor parameter tokens: their types, or what `@Inject(token)` names. */
export function injectionTokensOf(handlerClass: object): InjectionToken[] {
  const types = (Reflect.getOwnMetadata('design:paramtypes', handlerClass) ?? []) as unknown[];
  const overrides = (Reflect.getOwnMetadata(SELF_DECLARED_DEPS, handlerClass) ?? []) as Array<{
    index: number;
    param: unknown;
  }>;
  return types.map(
    (type, index) =>
      (overrides.find((entry) => entry.index === index)?.param ?? type) as InjectionToken,
  );
}
