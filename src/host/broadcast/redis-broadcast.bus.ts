import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { BehaviorSubject, Subject, distinctUntilChanged } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { BroadcastBus, type BusMessage } from './broadcast-bus.js';
import { BusConnectionError } from './broadcast.errors.js';
import { settleWithin } from '../shared/with-timeout.js';

/** How long start-up waits for Redis before giving up. */
const CONNECT_TIMEOUT_MS = 5000;
/** Reconnect back-off while running: grows to this ceiling, and never gives up. */
const MAX_RECONNECT_DELAY_MS = 2000;
/** How long `close` waits for Redis to acknowledge QUIT before dropping the connection. */
const QUIT_TIMEOUT_MS = 1000;

interface WatchedChannel {
  readonly plugin: string;
  readonly channel: string;
}

/** REDIS_URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/**
 * Spans processes through Redis pub/sub. Each broadcast is one PUBLISH of the ready frame text
 * on a Redis channel per (plugin, channel); each instance subscribes only to the channels its own
 * sockets are on, so it never receives, let alone parses, traffic it cannot deliver.
 *
 * Nothing is ever queued or sent twice: neither connection queues commands while Redis is
 * unreachable, so `publish` rejects at once and readiness turns false, and a PUBLISH that was
 * unanswered when its connection dropped is abandoned rather than resent on reconnect (its
 * request has already been answered 503). ioredis reconnects by itself; the bus then subscribes
 * the new connection to exactly the channels its sockets are on now, and reports ready only once
 * Redis has confirmed those subscriptions.
 */
export class RedisBroadcastBus extends BroadcastBus {
  private readonly logger = new Logger(RedisBroadcastBus.name);
  private readonly incoming = new Subject<BusMessage>();
  private readonly readyState = new BehaviorSubject(false);
  private readonly watched = new Map<string, WatchedChannel>();
  public readonly messages$ = this.incoming.asObservable();
  public readonly ready$ = this.readyState.pipe(distinctUntilChanged());
  /** Whether the current subscribing connection holds every watched channel. */
  private subscribed = true;
  /** Counts connections of the subscriber, so a late answer for an old one changes nothing. */
  private subscriberConnection = 0;
  private closing = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    super();
    this.subscriber.on('messageBuffer', (name: Buffer, payload: Buffer) =>
      this.receive(name, payload),
    );
    this.subscriber.on('ready', () => void this.resubscribe());
    this.subscriber.on('close', () => {
      this.subscribed = false;
    });
    this.publisher.on('ready', () => this.updateReadiness());
    for (const connection of [publisher, subscriber]) {
      connection.on('close', () => this.updateReadiness());
      connection.on('error', (error: Error) =>
        this.logger.debug(`Redis connection error: ${error.message}`),
      );
    }
  }

  /**
   * Connects both connections (publishing and subscribing) or fails.
   *
   * @throws Error naming REDIS_URL when Redis does not answer within a few seconds.
   */
  public static async connect(config: AppConfig): Promise<RedisBroadcastBus> {
    const url = config.REDIS_URL ?? '';
    const options: RedisOptions = {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      // While Redis is unreachable, commands fail at once instead of waiting for a reconnect.
      enableOfflineQueue: false,
      // A command unanswered when the connection dropped has already failed for its caller.
      autoResendUnfulfilledCommands: false,
    };
    const publisher = new Redis(url, options);
    // The bus re-subscribes by itself, to the channels watched at the time of the reconnect.
    const subscriber = new Redis(url, { ...options, autoResubscribe: false });
    let lastError: Error | undefined;
    const remember = (error: Error): void => {
      lastError = error;
    };
    publisher.on('error', remember);
    subscriber.on('error', remember);
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      const reason = (lastError ?? (error as Error)).message;
      throw new BusConnectionError(
        `Cannot connect to Redis at REDIS_URL=${redactRedisUrl(url)}: ${reason}. Start Redis or fix REDIS_URL, or set BROADCAST_BUS=memory for a single process.`,
        { cause: error },
      );
    } finally {
      publisher.off('error', remember);
      subscriber.off('error', remember);
    }
    const bus = new RedisBroadcastBus(publisher, subscriber, config.REDIS_KEY_PREFIX);
    bus.updateReadiness();
    return bus;
  }

  public async publish(message: BusMessage): Promise<void> {
    await this.publisher.publish(
      this.redisChannel(message.plugin, message.channel),
      message.payload,
    );
  }

  public watch(plugin: string, channel: string): void {
    const name = this.redisChannel(plugin, channel);
    this.watched.set(name, { plugin, channel });
    if (this.subscriber.status !== 'ready') {
      return; // Subscribed on the next 'ready'.
    }
    this.subscriber.subscribe(name).catch((error: Error) => {
      // A dropped connection re-subscribes on reconnect; anything else loses the channel.
      if (this.subscriber.status === 'ready' && this.watched.has(name)) {
        this.logger.warn(
          `Subscribing to channel "${channel}" of plugin "${plugin}" failed: ${error.message}`,
        );
      }
    });
  }

  public unwatch(plugin: string, channel: string): void {
    const name = this.redisChannel(plugin, channel);
    this.watched.delete(name);
    if (this.subscriber.status !== 'ready') {
      return; // The next connection will not subscribe to it.
    }
    this.subscriber.unsubscribe(name).catch((error: Error) => {
      this.logger.debug(`Unsubscribing from channel "${channel}" failed: ${error.message}`);
    });
  }

  public async close(): Promise<void> {
    this.closing = true;
    this.incoming.complete();
    await Promise.all([quit(this.publisher), quit(this.subscriber)]);
  }

  private redisChannel(plugin: string, channel: string): string {
    return `${this.prefix}:broadcast:${plugin}:${channel}`;
  }

  private receive(name: Buffer, payload: Buffer): void {
    const target = this.watched.get(name.toString());
    if (target !== undefined) {
      this.incoming.next({ plugin: target.plugin, channel: target.channel, payload });
    }
  }

  /** Subscribes a fresh subscriber connection to every watched channel. */
  private async resubscribe(): Promise<void> {
    const connection = ++this.subscriberConnection;
    this.subscribed = false;
    const names = [...this.watched.keys()];
    try {
      if (names.length > 0) {
        await this.subscriber.subscribe(...names);
      }
    } catch (error) {
      const message = `Re-subscribing to ${names.length} channels failed: ${(error as Error).message}`;
      if (this.subscriber.status === 'ready') {
        this.logger.warn(message); // Redis refused: stay not ready rather than miss broadcasts.
      } else {
        this.logger.debug(message); // The connection dropped again; its next 'ready' retries.
      }
      return;
    }
    if (connection === this.subscriberConnection) {
      this.subscribed = true;
      this.updateReadiness();
    }
  }

  private updateReadiness(): void {
    if (this.closing) {
      this.readyState.next(false);
      return;
    }
    const ready =
      this.publisher.status === 'ready' && this.subscriber.status === 'ready' && this.subscribed;
    if (ready !== this.readyState.value) {
      this.logger.log(
        ready
          ? 'Redis bus connected'
          : 'Redis bus disconnected; broadcasts answer 503 until it is back',
      );
    }
    this.readyState.next(ready);
  }
}

/** Says goodbye to Redis if it is there, and in any case stops the connection for good. */
async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    await settleWithin(connection.quit(), QUIT_TIMEOUT_MS);
  }
  // Without this, a connection that is reconnecting keeps retrying forever.
  connection.disconnect();
}
