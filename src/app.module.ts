import { type DynamicModule, Module } from '@nestjs/common';
import type { BroadcastBus } from './host/broadcast/broadcast-bus.js';
import { BroadcastModule } from './host/broadcast/broadcast.module.js';
import type { AppConfig } from './host/config/app-config.js';
import { ConfigModule } from './host/config/config.module.js';
import { EffectsModule } from './host/effects/effects.module.js';
import { ObservabilityModule } from './host/observability/observability.module.js';
import type { LoadedPlugin } from './host/plugins/loaded-plugin.js';
import { PluginsModule } from './host/plugins/plugins.module.js';
import { SimpleApiModule } from './host/routing/simple-api.module.js';
import { SessionModule } from './host/session/session.module.js';
import { WebSocketModule } from './host/websocket/websocket.module.js';

/** What the application is assembled from; see `createApp`. */
export interface AppModuleOptions {
  config: AppConfig;
  plugins: readonly LoadedPlugin[];
  bus: BroadcastBus;
}

@Module({})
export class AppModule {
  public static forRoot({ config, plugins, bus }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        BroadcastModule.forRoot(bus),
        EffectsModule,
        SessionModule,
        PluginsModule.forRoot(plugins),
        SimpleApiModule,
        WebSocketModule,
      ],
    };
  }
}
