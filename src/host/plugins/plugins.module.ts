import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BroadcastPublisher } from '../../sdk/index.js';
import { BroadcastService } from '../broadcast/broadcast.service.js';
import { PluginBroadcastPublisher } from '../broadcast/plugin-broadcast.publisher.js';
import { type LoadedPlugin, dependenciesToken, injectionTokensOf } from './loaded-plugin.js';
import { PluginRegistry } from './plugin-registry.service.js';

const PLUGIN_ATTACHMENT = Symbol('plugin-io:plugin-attachment');

/**
 * Each plugin as a Nest module of its own (its `@Plugin` imports and providers, plus a
 * BroadcastPublisher bound to it), and the registry the request paths read.
 */
@Global()
@Module({})
export class PluginsModule {
  public static forRoot(plugins: readonly LoadedPlugin[]): DynamicModule {
    return {
      module: PluginsModule,
      imports: plugins.map((plugin) => pluginModule(plugin)),
      providers: [{ provide: PluginRegistry, useValue: new PluginRegistry(plugins) }],
      exports: [PluginRegistry],
    };
  }
}

// TODO: Isolate injector failures per plugin (a provider with a missing dependency). Declarations
// and routes are checked before Nest starts, but Nest resolves every module of one application
// together, so such a plugin still stops the whole start, with Nest's error naming its module.
function pluginModule(plugin: LoadedPlugin): DynamicModule {
  return {
    module: plugin.compiled.moduleClass,
    providers: [
      {
        provide: BroadcastPublisher,
        useFactory: (broadcasts: BroadcastService) =>
          new PluginBroadcastPublisher(plugin.name, broadcasts),
        inject: [BroadcastService],
      },
      {
        provide: PLUGIN_ATTACHMENT,
        useFactory: (moduleRef: ModuleRef) => plugin.attach(moduleRef),
        inject: [ModuleRef],
      },
      ...handlerDependencyProviders(plugin),
    ],
  };
}

/** One provider per handler that injects anything, collecting its constructor arguments. */
function handlerDependencyProviders(plugin: LoadedPlugin): Provider[] {
  const { httpHandlers, webSocketHandlers } = plugin.compiled;
  return [...httpHandlers, ...webSocketHandlers]
    .map(({ handlerClass }) => ({ handlerClass, inject: injectionTokensOf(handlerClass) }))
    .filter(({ inject }) => inject.length > 0)
    .map(({ handlerClass, inject }) => ({
      provide: dependenciesToken(handlerClass),
      useFactory: (...dependencies: unknown[]) => dependencies,
      inject,
    }));
}
