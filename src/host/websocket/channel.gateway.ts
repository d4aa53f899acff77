import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { ChannelRegistry } from './channel-registry.service.js';
import type { ChannelUpgradeRequest } from './ws-authenticate.guard.js';
import { WS_PATH_PREFIX } from './websocket.constants.js';

/**
 * The gateway of every plugin channel. Connections reach it already admitted by the upgrade
 * guard; it only files them under their channel and removes them when they close.
 */
@WebSocketGateway({ path: WS_PATH_PREFIX })
export class ChannelGateway implements OnGatewayConnection, OnGatewayDisconnect {
  public constructor(private readonly registry: ChannelRegistry) {}

  public handleConnection(client: WebSocket, req: ChannelUpgradeRequest): void {
    this.registry.join(client, req.channelTarget);
  }

  public handleDisconnect(client: WebSocket): void {
    this.registry.leave(client);
  }
}
