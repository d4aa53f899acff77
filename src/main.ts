import { Logger } from '@nestjs/common';
import { createApp } from './host/bootstrap.js';
import { ConfigError } from './host/config/app-config.js';

async function main(): Promise<void> {
  const { app, config } = await createApp(process.env);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.PORT, config.HOST);
  new Logger('Main').log(`plugin-io listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration), so the reason goes to stderr as is.
  const message =
    error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`plugin-io failed to start: ${message}\n`);
  process.exit(1);
});
