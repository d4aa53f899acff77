import type { Observable } from 'rxjs';

/**
 * One broadcast on its way to sockets. `payload` holds the UTF-8 bytes of the text frame every
 * client receives, `{"message": <message>}`, built once when the broadcast was published.
 */
export interface BusMessage {
  readonly plugin: string;
  readonly channel: string;
  readonly payload: Buffer;
}

/**
 * Carries broadcasts from where they are published to every process that has sockets on the
 * channel. The in-memory bus serves one process; the Redis bus spans several.
 */
export abstract class BroadcastBus {
  /** Broadcasts to deliver to this process's sockets, in publish order per channel. */
  public abstract readonly messages$: Observable<BusMessage>;

  /** Whether the bus can currently take and deliver broadcasts. */
  public abstract readonly ready$: Observable<boolean>;

  /** Hands a broadcast to the bus; rejects when the bus cannot take it. */
  public abstract publish(message: BusMessage): Promise<void>;

  /** Starts receiving a channel because a local socket joined it. */
  public abstract watch(plugin: string, channel: string): void;

  /** Stops receiving a channel because its last local socket left. */
  public abstract unwatch(plugin: string, channel: string): void;

  public abstract close(): Promise<void>;
}
