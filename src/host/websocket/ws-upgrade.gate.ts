import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { MetricsService } from '../observability/metrics.service.js';
import { parseWsUrl } from './ws-url.js';
import {
  type ChannelUpgradeRequest,
  WsAuthenticateGuard,
  WsUpgradeDeniedException,
} from './ws-authenticate.guard.js';
import { WS_DENY_RESPONSES, WsDenyReason } from './websocket.constants.js';

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
      this.refuse(socket, target, '-');
      return false;
    }

    (req as ChannelUpgradeRequest).channelTarget = target;
    try {
      await this.guard.canActivate(new ExecutionContextHost([req, socket, head]));
    } catch (error) {
      const reason =
        error instanceof WsUpgradeDeniedException ? error.reason : WsDenyReason.HandlerError;
      if (!(error instanceof WsUpgradeDeniedException)) {
        this.logger.error({
          err: error,
          msg: `WebSocket guard failed for plugin "${target.plugin}"`,
        });
      }
      this.refuse(socket, reason, target.plugin);
      return false;
    }

    this.metrics.wsHandshakes.inc({ plugin: target.plugin, outcome: 'accepted' });
    return !socket.destroyed;
  }

  private refuse(socket: Duplex, reason: WsDenyReason, plugin: string): void {
    const { status, body } = WS_DENY_RESPONSES[reason];
    this.logger.debug(`WebSocket upgrade refused (${reason}) for plugin "${plugin}"`);
    this.metrics.wsHandshakes.inc({ plugin, outcome: reason });
    if (socket.destroyed) {
      return;
    }
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: text/plain\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
}
