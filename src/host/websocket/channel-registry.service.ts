import type { Socket } from 'node:net';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import type { BusMessage } from '../broadcast/broadcast-bus.js';
import { BroadcastService } from '../broadcast/broadcast.service.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../observability/metrics.service.js';
import { ReadinessCheck, ReadinessService } from '../observability/readiness.service.js';
import { settleWithin } from '../shared/with-timeout.js';
import { buildTextFrame } from './text-frame.js';
import type { ChannelTarget } from './ws-url.js';
import {
  WS_OVERSIZE_FRAME_ERROR,
  WsCloseCode,
  WsCloseReason,
  WsServerCloseReason,
} from './websocket.constants.js';
import { WsUpgradeGate } from './ws-upgrade.gate.js';

interface SocketEntry {
  readonly key: string;
  readonly plugin: string;
  readonly channel: string;
  alive: boolean;
}

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
 * frames back). Frames of one channel published within one event-loop turn are concatenated
 * once and written as one write per socket. One shared timer pings every socket; there are no
 * per-socket timers, and the per-socket listeners are shared functions rather than closures.
 */
@Injectable()
export class ChannelRegistry
  implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ChannelRegistry.name);
  private readonly channels = new Map<string, Set<WebSocket>>();
  private readonly sockets = new Map<WebSocket, SocketEntry>();
  private subscription?: Subscription;
  private heartbeat?: NodeJS.Timeout;
  private onEmpty?: () => void;
  /** Frames waiting for the end of the current event-loop turn, by channel key. */
  private pending = new Map<string, Buffer[]>();
  private flushScheduled = false;
  private draining = false;

  private readonly onPong = markAliveIn(this.sockets);

  private readonly onSocketError = (error: Error & { code?: string }): void => {
    // ws reports an oversize inbound frame as an error and closes the socket with 1009 itself.
    if (error.code === WS_OVERSIZE_FRAME_ERROR) {
      this.metrics.wsCloses.inc({ reason: WsServerCloseReason.MessageTooBig });
    }
    this.logger.debug(`WebSocket error: ${error.message}`);
  };

  public constructor(
    private readonly config: AppConfig,
    private readonly broadcasts: BroadcastService,
    private readonly metrics: MetricsService,
    private readonly readiness: ReadinessService,
    private readonly gate: WsUpgradeGate,
  ) {}

  public onModuleInit(): void {
    this.readiness.set(ReadinessCheck.Accepting, true);
    this.subscription = this.broadcasts.messages$.subscribe((message) => this.safeEnqueue(message));
    this.heartbeat = setInterval(() => this.sweep(), this.config.WS_HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Runs after the drain: the bus stays subscribed until every socket has had its 1012. */
  public onApplicationShutdown(): void {
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
    if (this.draining) {
      // Admitted just before the drain began, upgraded just after it took its list of sockets.
      ws.close(WsCloseCode.ServiceRestart, WsCloseReason.ServiceRestart);
      return;
    }
    const { plugin, channel } = target;
    const key = channelKey(plugin, channel);
    let members = this.channels.get(key);
    if (members === undefined) {
      members = new Set();
      this.channels.set(key, members);
      this.broadcasts.watch(plugin, channel);
    }
    members.add(ws);
    this.sockets.set(ws, { key, plugin, channel, alive: true });
    ws.on('pong', this.onPong);
    ws.on('error', this.onSocketError);
    this.metrics.wsConnections.inc({ plugin });
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
      this.broadcasts.unwatch(entry.plugin, entry.channel);
    }
    if (this.sockets.size === 0) {
      this.onEmpty?.();
    }
  }

  /**
   * Queues one broadcast for its channel's sockets. The frames a channel gets within one
   * event-loop turn are written together, as one write per socket, right after the turn; the
   * publisher (an HTTP request, say) does not wait for the fan-out.
   */
  public enqueue(message: BusMessage): void {
    const key = channelKey(message.plugin, message.channel);
    if (!this.channels.has(key)) {
      return;
    }
    const frames = this.pending.get(key);
    if (frames === undefined) {
      this.pending.set(key, [buildTextFrame(message.payload)]);
    } else {
      frames.push(buildTextFrame(message.payload));
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = new Map();
    for (const [key, frames] of pending) {
      const members = this.channels.get(key);
      if (members !== undefined) {
        this.safeWrite(key, members, frames);
      }
    }
  };

  /** Writes the same bytes (`frames` frames) to every open socket of a channel. */
  private writeAll(members: ReadonlySet<WebSocket>, bytes: Buffer, frames: number): void {
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
      raw.write(bytes);
      written++;
    }
    this.metrics.deliveries.inc(written * frames);
  }

  /** Stops accepting, closes every socket with 1012 in batches, and waits until the deadline. */
  public async beforeApplicationShutdown(): Promise<void> {
    this.readiness.set(ReadinessCheck.Accepting, false);
    this.gate.stopAccepting();
    this.draining = true;
    const open = [...this.sockets.keys()];
    this.logger.log(`Draining ${open.length} WebSocket connections`);

    const allClosed = this.whenEmpty();
    for (let i = 0; i < open.length; i += this.config.SHUTDOWN_CLOSE_BATCH) {
      for (const ws of open.slice(i, i + this.config.SHUTDOWN_CLOSE_BATCH)) {
        ws.close(WsCloseCode.ServiceRestart, WsCloseReason.ServiceRestart);
      }
      // Yield between batches so the event loop keeps writing close frames and serving HTTP.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await settleWithin(allClosed, this.config.SHUTDOWN_DRAIN_TIMEOUT_MS);
    for (const ws of this.sockets.keys()) {
      ws.terminate();
    }
  }

  private whenEmpty(): Promise<void> {
    if (this.sockets.size === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.onEmpty = resolve));
  }

  /** An error must not escape into the bus subscription, which would end it for good. */
  private safeEnqueue(message: BusMessage): void {
    try {
      this.enqueue(message);
    } catch (error) {
      this.logger.error({
        err: error,
        plugin: message.plugin,
        msg: `Queueing a broadcast of plugin "${message.plugin}" to channel "${message.channel}" failed`,
      });
    }
  }

  /** A failing write must not escape: it would end the flush for every other channel. */
  private safeWrite(key: string, members: ReadonlySet<WebSocket>, frames: Buffer[]): void {
    try {
      const bytes = frames.length === 1 ? frames[0] : Buffer.concat(frames);
      this.writeAll(members, bytes, frames.length);
    } catch (error) {
      const [plugin, channel] = key.split('\0');
      this.logger.error({
        err: error,
        plugin,
        msg: `Delivering broadcasts of plugin "${plugin}" to channel "${channel}" failed`,
      });
    }
  }

  private closeSlow(ws: WebSocket): void {
    this.metrics.wsCloses.inc({ reason: WsServerCloseReason.SlowConsumer });
    this.logger.debug('Closing a WebSocket whose unsent data passed WS_MAX_BUFFERED_BYTES');
    ws.close(WsCloseCode.TryAgainLater, WsCloseReason.TryAgainLater);
  }

  /** Terminates open sockets that did not answer the previous ping, and pings the rest. */
  private sweep(): void {
    for (const [ws, entry] of this.sockets) {
      if (ws.readyState !== WebSocket.OPEN) {
        continue;
      }
      if (!entry.alive) {
        this.metrics.wsCloses.inc({ reason: WsServerCloseReason.Heartbeat });
        ws.terminate();
        continue;
      }
      entry.alive = false;
      ws.ping();
    }
  }
}

/** A pong listener shared by every socket: ws calls it with the socket as `this`. */
function markAliveIn(sockets: ReadonlyMap<WebSocket, SocketEntry>): (this: WebSocket) => void {
  return function (this: WebSocket): void {
    const entry = sockets.get(this);
    if (entry !== undefined) {
      entry.alive = true;
    }
  };
}
