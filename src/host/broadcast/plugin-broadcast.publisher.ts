import { type Broadcast, BroadcastPublisher } from '../../sdk/index.js';
import type { BroadcastService } from './broadcast.service.js';

/** The {@link BroadcastPublisher} a plugin's providers receive: publishes on that plugin only. */
export class PluginBroadcastPublisher extends BroadcastPublisher {
  public constructor(
    private readonly plugin: string,
    private readonly broadcasts: BroadcastService,
  ) {
    super();
  }

  public async publish(broadcast: Broadcast): Promise<void> {
    const effect = broadcast.apply();
    await this.broadcasts.publish(this.plugin, effect.payload.channel, effect.payload.json);
  }
}
