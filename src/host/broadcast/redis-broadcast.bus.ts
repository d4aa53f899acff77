import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { BehaviorSubject, Subject, distinctUntilChanged } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { BroadcastBus, type BusMessage } from './broadcast-bus.js';

/** How long start-up waits for Redis before giving up. */
const CONNECT_TIMEOUT_MS = 5000;
/** Reconnect back-off while running: grows to this ceiling, and never gives up. */
const MAX_RECONNECT_DELAY_MS = 2000;

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
 * Publishing never queues: while Redis is unreachable, `publish` rejects at once (the offline
 * queue of the publishing connection is off) and readiness turns false. ioredis reconnects by
 * itself and re-subscribes every watched channel; pub/sub has no replay, so nothing is delivered
 * twice after a recovery.
 */
export class RedisBroadcastBus extends BroadcastBus {
  private readonly logger = new Logger(RedisBroadcastBus.name);
  private readonly incoming = new Subject<BusMessage>();
  private readonly readyState = new BehaviorSubject(false);
  private readonly watched = new Map<string, WatchedChannel>();
  public readonly messages$ = this.incoming.asObservable();
  public readonly ready$ = this.readyState.pipe(distinctUntilChanged());

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    super();
    this.subscriber.on('messageBuffer', (name: Buffer, payload: Buffer) =>
      this.receive(name, payload),
    );
    for (const connection of [publisher, subscriber]) {
      connection.on('ready', () => this.updateReadiness());
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
    const options = {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    };
    const publisher = new Redis(url, { ...options, enableOfflineQueue: false });
    const subscriber = new Redis(url, { ...options, autoResubscribe: true });
    try {
      await Promise.all([connectOnce(publisher), connectOnce(subscriber)]);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      throw new Error(
        `Cannot connect to Redis at REDIS_URL=${redactRedisUrl(url)}: ${(error as Error).message}. Start Redis or fix REDIS_URL, or set BROADCAST_BUS=memory for a single process.`,
        { cause: error },
      );
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
    this.subscriber.subscribe(name).catch((error: Error) => {
      this.logger.warn(
        `Subscribing to channel "${channel}" of plugin "${plugin}" failed: ${error.message}`,
      );
    });
  }

  public unwatch(plugin: string, channel: string): void {
    const name = this.redisChannel(plugin, channel);
    this.watched.delete(name);
    this.subscriber.unsubscribe(name).catch((error: Error) => {
      this.logger.debug(`Unsubscribing from channel "${channel}" failed: ${error.message}`);
    });
  }

  public async close(): Promise<void> {
    this.incoming.complete();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
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

  private updateReadiness(): void {
    const ready = this.publisher.status === 'ready' && this.subscriber.status === 'ready';
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

async function connectOnce(connection: Redis): Promise<void> {
  await connection.connect();
}
