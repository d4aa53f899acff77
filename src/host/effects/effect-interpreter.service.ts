import { Injectable } from '@nestjs/common';
import { type Effect, EffectType, isAppliedBroadcast } from '../../sdk/internal.js';
import { BroadcastService } from '../broadcast/broadcast.service.js';

/** An effect the host does not know, or one not built with its class's `apply()`. */
export class InvalidEffectError extends Error {
  public override readonly name = 'InvalidEffectError';

  public constructor(plugin: string, detail: string) {
    super(`Plugin "${plugin}" returned an invalid effect: ${detail}`);
  }
}

/**
 * Applies the effects handlers return. `validate` checks a whole list before anything happens;
 * `apply` then carries the effects out in order.
 */
@Injectable()
export class EffectInterpreter {
  public constructor(private readonly broadcasts: BroadcastService) {}

  /** @throws {@link InvalidEffectError} for the first effect that cannot be applied. */
  public validate(plugin: string, effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === EffectType.Broadcast && !isAppliedBroadcast(effect)) {
        throw new InvalidEffectError(
          plugin,
          'build Broadcast effects with new Broadcast({...}).apply()',
        );
      }
      if (effect.type !== EffectType.Broadcast) {
        throw new InvalidEffectError(plugin, `unknown effect type "${effect.type}"`);
      }
    }
  }

  /**
   * Applies validated effects in order. A broadcast that the bus cannot take rejects with
   * `BroadcastUnavailableError`; effects after it are not applied.
   */
  public async apply(plugin: string, effects: readonly Effect[]): Promise<void> {
    for (const effect of effects) {
      if (isAppliedBroadcast(effect)) {
        await this.broadcasts.publish(plugin, effect.payload.channel, effect.payload.json);
      }
    }
  }
}
