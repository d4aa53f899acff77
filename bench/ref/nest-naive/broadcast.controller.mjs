// @Controller('plugin-io/api')
// export class BroadcastController {
//   constructor(private readonly gateway: ChannelsGateway) {}
//   @Post(':plugin/:route')
//   @HttpCode(202)
//   broadcast(@Param('plugin') plugin: string, @Param('route') route: string, @Body() body: any) {...}
// }
import {
  Controller,
  Post,
  HttpCode,
  Param,
  Body,
  NotFoundException,
  BadRequestException,
} from '@nestjs/common';
import { ChannelsGateway } from './channels.gateway.mjs';
import { decorate, method, param, metadata } from './decorate.mjs';

export class BroadcastController {
  constructor(gateway) {
    this.gateway = gateway;
  }

  broadcast(plugin, route, body) {
    const plugins = (process.env.PLUGINS || 'bench').split(',');
    if (!plugins.includes(plugin) || route !== (process.env.ROUTE || 'broadcast'))
      throw new NotFoundException();
    if (!body || typeof body.channel !== 'string')
      throw new BadRequestException('body.channel must be a string');
    const sent = this.gateway.broadcast(plugin, body.channel, body);
    return { sent };
  }
}
method(
  BroadcastController,
  'broadcast',
  Post(':plugin/:route'),
  HttpCode(202),
  param(0, Param('plugin')),
  param(1, Param('route')),
  param(2, Body()),
  metadata('design:type', Function),
  metadata('design:paramtypes', [String, String, Object]),
  metadata('design:returntype', Object),
);
decorate(
  [Controller('plugin-io/api'), metadata('design:paramtypes', [ChannelsGateway])],
  BroadcastController,
);
