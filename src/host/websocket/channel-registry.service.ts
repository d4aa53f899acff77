import type { Socket } from 'node:net';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import type { BusMessage } from '../broadcast/broadcast-bus.js';
import { BroadcastService } from '../broadcast/broadcast.service.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../observability/metrics.service.js';
import { ReadinessService } from '../observability/readiness.service.js';
import { buildTextFrame } from './text-frame.js';
import type { ChannelTarget } from './ws-url.js';
import { WsCloseCode, WsCloseReason } from './websocket.constants.js';
import { WsUpgradeGate } from './ws-upgrade.gate.js';

interface SocketEntry {
  readonly key: string;
  readonly plugin: string;
  alive: boolean;
}

/** The code of the error ws raises for an inbound frame over `maxPayload`. */
const OVERSIZE_FRAME_ERROR = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** The raw TCP socket under a ws WebSocket; ws keeps it in a private field. */
type WebSocketWithRaw = WebSocket & { _socket: Socket };

function channelKey(plugin: string, channel: string): string {
  return `${plugin}\0${channel}`;
}

/**
 * The open sockets, indexed by (plugin, channel), and the fan-out of broadcasts to them.
 *
 * A broadcast's frame is built once and the same Buffer is written to every socket's TCP stream,
 * bypassing ws's per-send framing (safe because per-message deflate is off, so ws never holds
 * frames back). One shared timer pings every socket; there are no per-socket timers.
 */
@Injectable()
export class ChannelRegistry implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChannelRegistry.name);
  private readonly channels = new Map<string, Set<WebSocket>>();
  private readonly sockets = new Map<WebSocket, SocketEntry>();
  private subscription?: Subscription;
  private heartbeat?: NodeJS.Timeout;

  public constructor(
    private readonly config: AppConfig,
    private readonly broadcasts: BroadcastService,
    private readonly metrics: MetricsService,
    private readonly readiness: ReadinessService,
    private readonly gate: WsUpgradeGate,
  ) {}

  public onModuleInit(): void {
    this.readiness.set('accepting', true);
    this.subscription = this.broadcasts.messages$.subscribe((message) => this.deliver(message));
    this.heartbeat = setInterval(() => this.sweep(), this.config.WS_HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  public onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    this.subscription?.unsubscribe();
  }

  /** The number of open sockets on one channel (for tests and diagnostics). */
  public count(plugin: string, channel: string): number {
    return this.channels.get(channelKey(plugin, channel))?.size ?? 0;
  }

  public get size(): number {
    return this.sockets.size;
  }

  public join(ws: WebSocket, target: ChannelTarget): void {
    const key = channelKey(target.plugin, target.channel);
    let members = this.channels.get(key);
    if (members === undefined) {
      members = new Set();
      this.channels.set(key, members);
      this.broadcasts.watch(target.plugin, target.channel);
    }
    members.add(ws);
    this.sockets.set(ws, { key, plugin: target.plugin, alive: true });
    ws.on('pong', () => this.markAlive(ws));
    ws.on('error', (error) => this.onSocketError(error));
    this.metrics.wsConnections.inc({ plugin: target.plugin });
  }

  public leave(ws: WebSocket): void {
    const entry = this.sockets.get(ws);
    if (entry === undefined) {
      return;
    }
    this.sockets.delete(ws);
    this.metrics.wsConnections.dec({ plugin: entry.plugin });
    const members = this.channels.get(entry.key);
    members?.delete(ws);
    if (members?.size === 0) {
      this.channels.delete(entry.key);
      const [plugin, channel] = entry.key.split('\0');
      this.broadcasts.unwatch(plugin, channel);
    }
  }

  /** Writes one broadcast to every open socket of its channel. */
  public deliver(message: BusMessage): void {
    const members = this.channels.get(channelKey(message.plugin, message.channel));
    if (members === undefined) {
      return;
    }
    const frame = buildTextFrame(message.payload);
    const limit = this.config.WS_MAX_BUFFERED_BYTES;
    let written = 0;
    for (const ws of members) {
      if (ws.readyState !== WebSocket.OPEN) {
        continue;
      }
      const raw = (ws as WebSocketWithRaw)._socket;
      if (raw.writableLength > limit) {
        this.closeSlow(ws);
        continue;
      }
      raw.write(frame);
      written++;
    }
    this.metrics.deliveries.inc(written);
  }

  /** Stops accepting, closes every socket with 1012 in batches, and waits until the deadline. */
  public async beforeApplicationShutdown(): Promise<void> {
    this.readiness.set('accepting', false);
    this.gate.stopAccepting();
    const deadline = Date.now() + this.config.SHUTDOWN_DRAIN_TIMEOUT_MS;
    const open = [...this.sockets.keys()];
    this.logger.log(`Draining ${open.length} WebSocket connections`);

    for (let i = 0; i < open.length; i += this.config.SHUTDOWN_CLOSE_BATCH) {
      for (const ws of open.slice(i, i + this.config.SHUTDOWN_CLOSE_BATCH)) {
        ws.close(WsCloseCode.ServiceRestart, WsCloseReason.ServiceRestart);
      }
      // Yield between batches so the event loop keeps writing close frames and serving HTTP.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.waitUntilClosed(deadline);
    for (const ws of this.sockets.keys()) {
      ws.terminate();
    }
  }

  private async waitUntilClosed(deadline: number): Promise<void> {
    while (this.sockets.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private closeSlow(ws: WebSocket): void {
    this.metrics.wsCloses.inc({ reason: 'slow_consumer' });
    this.logger.debug('Closing a WebSocket whose unsent data passed WS_MAX_BUFFERED_BYTES');
    ws.close(WsCloseCode.TryAgainLater, WsCloseReason.TryAgainLater);
  }

  /** ws reports an oversize inbound frame as an error and closes the socket with 1009 itself. */
  private onSocketError(error: Error & { code?: string }): void {
    if (error.code === OVERSIZE_FRAME_ERROR) {
      this.metrics.wsCloses.inc({ reason: 'message_too_big' });
    }
    this.logger.debug(`WebSocket error: ${error.message}`);
  }

  private markAlive(ws: WebSocket): void {
    const entry = this.sockets.get(ws);
    if (entry !== undefined) {
      entry.alive = true;
    }
  }

  /** Terminates sockets that did not answer the previous ping, and pings the rest. */
  private sweep(): void {
    for (const [ws, entry] of this.sockets) {
      if (!entry.alive) {
        this.metrics.wsCloses.inc({ reason: 'heartbeat' });
        ws.terminate();
        continue;
      }
      entry.alive = false;
      ws.ping();
    }
  }
}
