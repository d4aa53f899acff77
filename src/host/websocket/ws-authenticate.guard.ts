import type { IncomingMessage } from 'node:http';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ChannelAccessService } from './channel-access.service.js';
import type { WsDenyReason } from './websocket.constants.js';
import type { ChannelTarget } from './ws-url.js';

/** An upgrade request whose URL has been parsed. */
export interface ChannelUpgradeRequest extends IncomingMessage {
  channelTarget: ChannelTarget;
}

/** Raised by {@link WsAuthenticateGuard} to refuse an upgrade. */
export class WsUpgradeDeniedException extends Error {
  public constructor(public readonly reason: WsDenyReason) {
    super(`WebSocket upgrade denied: ${reason}`);
  }
}

/**
 * The WebSocket counterpart of the HTTP authenticate guard. It runs once per connection attempt,
 * during the HTTP upgrade and before any socket exists; its context's first argument is the
 * upgrade request.
 */
@Injectable()
export class WsAuthenticateGuard implements CanActivate {
  public constructor(private readonly access: ChannelAccessService) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.getArgByIndex<ChannelUpgradeRequest>(0);
    const denied = await this.access.decide(req, req.channelTarget);
    if (denied !== null) {
      throw new WsUpgradeDeniedException(denied);
    }
    return true;
  }
}
