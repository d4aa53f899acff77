import { Module } from '@nestjs/common';
import { ChannelAccessService } from './channel-access.service.js';
import { ChannelGateway } from './channel.gateway.js';
import { ChannelRegistry } from './channel-registry.service.js';
import { WsAuthenticateGuard } from './ws-authenticate.guard.js';
import { WsUpgradeGate } from './ws-upgrade.gate.js';

/** WebSocket channels under /plugin-io/ws: admission, the socket index and fan-out. */
@Module({
  providers: [
    ChannelAccessService,
    WsAuthenticateGuard,
    WsUpgradeGate,
    ChannelRegistry,
    ChannelGateway,
  ],
  exports: [ChannelRegistry],
})
export class WebSocketModule {}
