import type { AppConfig } from '../config/app-config.js';
import type { BroadcastBus } from './broadcast-bus.js';
import { MemoryBroadcastBus } from './memory-broadcast.bus.js';

/** Creates the bus BROADCAST_BUS names, connected and ready to use. */
export async function createBroadcastBus(config: AppConfig): Promise<BroadcastBus> {
  switch (config.BROADCAST_BUS) {
    case 'memory':
      return Promise.resolve(new MemoryBroadcastBus());
    case 'redis': {
      const { RedisBroadcastBus } = await import('./redis-broadcast.bus.js');
      return RedisBroadcastBus.connect(config);
    }
  }
}
