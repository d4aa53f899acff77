import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
// Not part of Nest's public exports, but the class Nest itself builds guard contexts with: using
// it lets the upgrade run through an ordinary CanActivate guard, as HTTP requests do.
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { MetricsService, UNKNOWN_PLUGIN_LABEL } from '../observability/metrics.service.js';
import { PluginRegistry } from '../plugins/plugin-registry.service.js';
import { parseWsUrl } from './ws-url.js';
import {
  type ChannelUpgradeRequest,
  WsAuthenticateGuard,
  WsUpgradeDeniedException,
} from './ws-authenticate.guard.js';
import { WS_DENY_RESPONSES, WsDenyReason, WsHandshakeOutcome } from './websocket.constants.js';

/** Ends a refused socket for good once the refusal is written, even if the client stays silent. */
function destroyWhenFinished(this: Duplex): void {
  this.destroy();
}

/**
 * Admits or refuses WebSocket upgrades before a socket exists: parses the URL, runs
 * {@link WsAuthenticateGuard}, and answers refusals with a plain HTTP response.
 */
@Injectable()
export class WsUpgradeGate {
  private readonly logger = new Logger(WsUpgradeGate.name);
  private draining = false;

  public constructor(
    private readonly guard: WsAuthenticateGuard,
    private readonly metrics: MetricsService,
    private readonly registry: PluginRegistry,
  ) {}

  /** From now on every upgrade is refused with 503. */
  public stopAccepting(): void {
    this.draining = true;
  }

  /**
   * Resolves true when the upgrade may proceed; otherwise the refusal has been written and the
   * socket ended.
   */
  public async admit(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
    const target = this.draining ? WsDenyReason.Draining : parseWsUrl(req.url ?? '');
    if (typeof target === 'string') {
      this.refuse(socket, target, UNKNOWN_PLUGIN_LABEL);
      return false;
    }

    const plugin = this.registry.get(target.plugin) ? target.plugin : UNKNOWN_PLUGIN_LABEL;
    (req as ChannelUpgradeRequest).channelTarget = target;
    const denied = await this.runGuard(req, socket, head, target.plugin);
    // A drain may have started while authenticate() ran; it must not admit latecomers.
    const reason = denied ?? (this.draining ? WsDenyReason.Draining : null);
    if (reason !== null) {
      this.refuse(socket, reason, plugin);
      return false;
    }

    if (socket.destroyed) {
      this.metrics.wsHandshakes.inc({ plugin, outcome: WsHandshakeOutcome.ClientGone });
      return false;
    }
    this.metrics.wsHandshakes.inc({ plugin, outcome: WsHandshakeOutcome.Accepted });
    return true;
  }

  private async runGuard(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    plugin: string,
  ): Promise<WsDenyReason | null> {
    try {
      await this.guard.canActivate(new ExecutionContextHost([req, socket, head]));
      return null;
    } catch (error) {
      if (error instanceof WsUpgradeDeniedException) {
        return error.reason;
      }
      this.logger.error({
        err: error,
        plugin,
        msg: `WebSocket guard failed for plugin "${plugin}"`,
      });
      return WsDenyReason.HandlerError;
    }
  }

  private refuse(socket: Duplex, reason: WsDenyReason, plugin: string): void {
    const { status, body } = WS_DENY_RESPONSES[reason];
    this.logger.debug(`WebSocket upgrade refused (${reason}) for plugin "${plugin}"`);
    this.metrics.wsHandshakes.inc({ plugin, outcome: reason });
    if (socket.destroyed) {
      return;
    }
    socket.once('finish', destroyWhenFinished);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: text/plain\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
}
