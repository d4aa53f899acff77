// @Controller()
// export class EchoController {
//   @Post('plugin-io/api/bench/echo')
//   @HttpCode(200)
//   echo(@Body() body: unknown) { return body; }
// }
// The same work as the bench plugin's POST /echo: parse the JSON body (express json parser),
// answer it as JSON with 200. No authentication on either side.
import { Controller, Post, HttpCode, Body } from '@nestjs/common';
import { decorate, method, param, metadata } from '../nest-naive/decorate.mjs';

export class EchoController {
  echo(body) {
    return body;
  }
}
method(
  EchoController,
  'echo',
  Post('plugin-io/api/bench/echo'),
  HttpCode(200),
  param(0, Body()),
  metadata('design:type', Function),
  metadata('design:paramtypes', [Object]),
  metadata('design:returntype', Object),
);
decorate([Controller()], EchoController);
