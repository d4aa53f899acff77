import type { IncomingMessage } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import {
  AuthenticationError,
  type WebSocketAPI,
  parseRawHeaders,
  servesChannel,
} from '../../sdk/internal.js';
import { AppConfig } from '../config/app-config.js';
import type { CompiledWebSocketHandler } from '../plugins/compiled-plugin.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { PluginRegistry } from '../plugins/plugin-registry.service.js';
import { withSessionIdentity } from '../session/identity-headers.js';
import { SessionResolver } from '../session/session-resolver.service.js';
import { withTimeout } from '../shared/with-timeout.js';
import type { ChannelTarget } from './ws-url.js';
import { WsDenyReason } from './websocket.constants.js';

class AuthenticateTimeoutError extends Error {}

/**
 * Decides whether a WebSocket upgrade may proceed: finds the one WebSocketAPI class serving the
 * channel and runs its `authenticate()`, bounded by WS_AUTH_TIMEOUT_MS.
 */
@Injectable()
export class ChannelAccessService {
  private readonly logger = new Logger(ChannelAccessService.name);
  private readonly ambiguousPlugins = new Set<string>();

  public constructor(
    private readonly config: AppConfig,
    private readonly registry: PluginRegistry,
    private readonly sessions: SessionResolver,
  ) {}

  /** Null when the connection is accepted, otherwise why it is denied. */
  public async decide(req: IncomingMessage, target: ChannelTarget): Promise<WsDenyReason | null> {
    const plugin = this.registry.get(target.plugin);
    const handler = plugin && this.findHandler(plugin, target.channel);
    if (plugin === undefined || handler === undefined) {
      return WsDenyReason.NoHandler;
    }

    try {
      const instance = await this.createHandler(plugin, handler, req, target);
      const accepted = await this.bounded(instance.authenticate());
      return accepted === true ? null : WsDenyReason.Unauthorized;
    } catch (error) {
      return this.failureReason(plugin, handler, target, error);
    }
  }

  private findHandler(plugin: LoadedPlugin, channel: string): CompiledWebSocketHandler | undefined {
    const serving = plugin.compiled.webSocketHandlers.filter((handler) =>
      servesChannel(handler.handlerClass, channel),
    );
    if (serving.length > 1 && !this.ambiguousPlugins.has(plugin.name)) {
      // Once per plugin: clients choose channel names, so per-attempt warnings could flood the log.
      this.ambiguousPlugins.add(plugin.name);
      const names = serving.map((handler) => handler.name).join(', ');
      this.logger.warn(
        `Plugin "${plugin.name}": channel "${channel}" is served by several classes (${names}); set CHANNELS so that one class serves it`,
      );
    }
    return serving.length === 1 ? serving[0] : undefined;
  }

  private async createHandler(
    plugin: LoadedPlugin,
    handler: CompiledWebSocketHandler,
    req: IncomingMessage,
    target: ChannelTarget,
  ): Promise<WebSocketAPI> {
    const loggedInUser = await this.sessions.resolve(req.headers.cookie);
    const headers = parseRawHeaders(withSessionIdentity(req.rawHeaders, loggedInUser));
    const instance = plugin.instantiate(handler.handlerClass);
    instance.websocket = {
      channel: target.channel,
      headers,
      apiKey: target.apiKey ?? headers.get('authorization') ?? null,
      loggedInUser,
    };
    return instance;
  }

  private bounded(decision: boolean | Promise<boolean>): Promise<boolean> {
    if (typeof decision === 'boolean') {
      return Promise.resolve(decision);
    }
    const limit = this.config.WS_AUTH_TIMEOUT_MS;
    return withTimeout(decision, limit, () => new AuthenticateTimeoutError());
  }

  private failureReason(
    plugin: LoadedPlugin,
    handler: CompiledWebSocketHandler,
    target: ChannelTarget,
    error: unknown,
  ): WsDenyReason {
    if (error instanceof AuthenticationError) {
      return WsDenyReason.Unauthorized;
    }
    const where = `Plugin "${plugin.name}": ${handler.name}.authenticate() for channel "${target.channel}"`;
    if (error instanceof AuthenticateTimeoutError) {
      this.logger.warn(`${where} took longer than ${this.config.WS_AUTH_TIMEOUT_MS} ms; denied`);
    } else {
      this.logger.error({ err: error, plugin: plugin.name, msg: `${where} threw; denied` });
    }
    return WsDenyReason.HandlerError;
  }
}
