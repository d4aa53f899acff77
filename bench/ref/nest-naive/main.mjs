#!/usr/bin/env node
// Typical NestJS service: platform-express HTTP + @nestjs/platform-ws gateway,
// controller for the POST, per-client JSON.stringify send loop (no slow-client protection).
//   node ref/nest-naive/main.mjs --port 8787   (or PORT=8787)
// Env: API_KEY (bench-key), PLUGINS (bench), ROUTE (broadcast), HOST (127.0.0.1)
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.mjs';
import { PluginWsAdapter } from './plugin-ws.adapter.mjs';
import { installWatchdog, assertLoopback } from '../../lib/safety.mjs';

const argv = process.argv.slice(2);
const flag = (n, d) => {
  const i = argv.indexOf('--' + n);
  return i >= 0 ? argv[i + 1] : d;
};
const port = Number(flag('port', process.env.PORT || 8787));
const host = assertLoopback(flag('host', process.env.HOST || '127.0.0.1'));
if (flag('api-key')) process.env.API_KEY = flag('api-key');
if (flag('plugins')) process.env.PLUGINS = flag('plugins');
if (flag('route')) process.env.ROUTE = flag('route');
installWatchdog({
  maxSeconds: Number(flag('max-seconds', process.env.BENCH_MAX_SECONDS || 3600)),
  name: 'nest-naive',
});

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
app.useWebSocketAdapter(new PluginWsAdapter(app));
await app.listen(port, host);
console.error(`[nest-naive] pid ${process.pid} listening on ${host}:${port}`);
