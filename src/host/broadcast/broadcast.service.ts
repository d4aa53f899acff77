import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../observability/metrics.service.js';
import { BroadcastBus, type BusMessage } from './broadcast-bus.js';
import { BroadcastUnavailableError } from './broadcast.errors.js';
import { withTimeout } from '../shared/with-timeout.js';

const FRAME_HEAD = '{"message":';
const FRAME_TAIL = '}';

/**
 * Where broadcasts enter and leave: effects and publishers call `publish`, the WebSocket side
 * subscribes to `messages$`. The message JSON is wrapped into the client frame text here, once.
 */
@Injectable()
export class BroadcastService {
  public readonly messages$: Observable<BusMessage>;
  public readonly ready$: Observable<boolean>;

  public constructor(
    private readonly bus: BroadcastBus,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.messages$ = bus.messages$;
    this.ready$ = bus.ready$;
  }

  /**
   * Publishes `json` (a message already serialised by the Broadcast effect) on the plugin's
   * channel.
   *
   * @throws {@link BroadcastUnavailableError} when the bus does not take it within
   * BROADCAST_PUBLISH_TIMEOUT_MS. Nothing is queued or retried here; only a bus that is slow
   * rather than down may still deliver a message after the timeout.
   */
  public async publish(plugin: string, channel: string, json: string): Promise<void> {
    const payload = Buffer.from(FRAME_HEAD + json + FRAME_TAIL);
    await this.bounded(this.bus.publish({ plugin, channel, payload }), plugin, channel);
    this.metrics.broadcastsPublished.inc({ plugin });
  }

  public watch(plugin: string, channel: string): void {
    this.bus.watch(plugin, channel);
  }

  public unwatch(plugin: string, channel: string): void {
    this.bus.unwatch(plugin, channel);
  }

  private async bounded(sent: Promise<void>, plugin: string, channel: string): Promise<void> {
    const limit = this.config.BROADCAST_PUBLISH_TIMEOUT_MS;
    try {
      await withTimeout(
        sent,
        limit,
        () => new BroadcastUnavailableError(plugin, channel, 'the bus did not answer in time'),
      );
    } catch (error) {
      this.metrics.broadcastsFailed.inc({ plugin });
      if (error instanceof BroadcastUnavailableError) {
        throw error;
      }
      throw new BroadcastUnavailableError(plugin, channel, (error as Error).message);
    }
  }
}
