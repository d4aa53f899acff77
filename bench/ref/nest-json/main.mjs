#!/usr/bin/env node
// Bare NestJS 12 application (platform-express, default JSON body parser) with one controller
// echoing the JSON body: the reference for the bench plugin's POST /plugin-io/api/bench/echo.
//   node bench/ref/nest-json/main.mjs --port 8787   (or PORT=8787)
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.mjs';
import { installWatchdog, assertLoopback } from '../../lib/safety.mjs';

const argv = process.argv.slice(2);
const flag = (n, d) => {
  const i = argv.indexOf('--' + n);
  return i >= 0 ? argv[i + 1] : d;
};
const port = Number(flag('port', process.env.PORT || 8787));
const host = assertLoopback(flag('host', process.env.HOST || '127.0.0.1'));
installWatchdog({
  maxSeconds: Number(flag('max-seconds', process.env.BENCH_MAX_SECONDS || 3600)),
  name: 'nest-json',
});

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
await app.listen(port, host);
console.error(`[nest-json] pid ${process.pid} listening on ${host}:${port}`);
