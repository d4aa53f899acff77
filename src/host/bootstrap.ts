import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { AppModule } from '../app.module.js';
import { createBroadcastBus } from './broadcast/broadcast-bus.factory.js';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { PinoLoggerService, createPinoLogger } from './observability/pino-logger.service.js';
import { loadPlugins } from './plugins/plugin-loader.js';
import { shieldApiPathEscapes } from './routing/api-url.js';
import { PluginWsAdapter } from './websocket/plugin-ws.adapter.js';

/** Options for {@link createApp}, mostly for tests. */
export interface CreateAppOptions {
  /** Where log lines go; standard output by default. */
  logDestination?: DestinationStream;
}

/** The application, not yet listening, with the configuration it was built from. */
export interface PluginIoApp {
  app: NestExpressApplication;
  config: AppConfig;
}

/**
 * Builds the whole host from the environment: configuration, logger, plugins, broadcast bus,
 * Nest application and WebSocket adapter. `main.ts` listens on it; tests use it on port 0.
 *
 * @throws ConfigError listing every bad variable; an error naming REDIS_URL when Redis is down.
 */
export async function createApp(
  env: NodeJS.ProcessEnv = process.env,
  options: CreateAppOptions = {},
): Promise<PluginIoApp> {
  const config = loadConfig(env);
  const logger = new PinoLoggerService(createPinoLogger(config.LOG_LEVEL, options.logDestination));
  Logger.overrideLogger(logger);

  const plugins = await loadPlugins(config, env);
  const bus = await createBroadcastBus(config);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, plugins, bus }),
    { bodyParser: false, logger, abortOnError: false },
  );

  app.set('etag', false);
  app.disable('x-powered-by');
  app.use(shieldApiPathEscapes);
  if (config.CORS_ORIGINS) {
    app.enableCors({ origin: config.CORS_ORIGINS });
  }
  app.useWebSocketAdapter(
    new PluginWsAdapter(app, { maxInboundBytes: config.WS_MAX_INBOUND_BYTES }),
  );
  return { app, config };
}
