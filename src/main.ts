import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BusConnectionError } from './host/broadcast/broadcast.errors.js';
import { createApp } from './host/bootstrap.js';
import { type AppConfig, ConfigError } from './host/config/app-config.js';

/** Time allowed beyond the drain deadline for the rest of shutdown before the process is killed. */
const SHUTDOWN_GRACE_MS = 5000;

async function main(): Promise<void> {
  const { app, config } = await createApp(process.env);
  await app.listen(config.PORT, config.HOST);
  new Logger('Main').log(`plugin-io listening on http://${config.HOST}:${config.PORT}`);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutDown(app, config, signal));
  }
}

/** Drains (Nest's shutdown hooks close every socket with 1012), then exits 0. */
async function shutDown(
  app: NestExpressApplication,
  config: AppConfig,
  signal: NodeJS.Signals,
): Promise<void> {
  const logger = new Logger('Main');
  logger.log(`${signal} received: draining`);
  const deadline = setTimeout(() => {
    logger.error('Shutdown did not finish in time; exiting anyway');
    process.exit(1);
  }, config.SHUTDOWN_DRAIN_TIMEOUT_MS + SHUTDOWN_GRACE_MS);
  deadline.unref();

  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error, msg: 'Shutdown failed' });
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration), so the reason goes to stderr as is.
  const expected = error instanceof ConfigError || error instanceof BusConnectionError;
  const message = expected ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`plugin-io failed to start: ${message}\n`);
  process.exit(1);
});
