import type { Broadcast } from './effect.js';

/**
 * Broadcasts from code that is not a handler: a timer, a startup task, a queue consumer. Inject
 * it into a provider of your plugin; it publishes on that plugin's channels.
 *
 * The promise settles once the broadcast was handed to the bus; it rejects when the bus cannot
 * take it (for example Redis is unreachable), and on an invalid broadcast.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class Heartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
 *   private timer?: NodeJS.Timeout;
 *   constructor(private readonly publisher: BroadcastPublisher) {}
 *
 *   onApplicationBootstrap(): void {
 *     this.timer = setInterval(() => {
 *       const tick = new Broadcast({ channel: 'clock', message: { now: Date.now() } });
 *       this.publisher.publish(tick).catch(() => undefined);
 *     }, 60_000);
 *   }
 *
 *   onApplicationShutdown(): void {
 *     clearInterval(this.timer);
 *   }
 * }
 * ```
 */
export abstract class BroadcastPublisher {
  public abstract publish(broadcast: Broadcast): Promise<void>;
}
