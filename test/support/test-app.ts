import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/host/bootstrap.js';

/** A running host on a random loopback port, with its log lines captured. */
export interface TestApp {
  readonly app: NestExpressApplication;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:<port>` */
  readonly wsBaseUrl: string;
  /** Every log line written so far (JSON text). */
  readonly logs: string[];
  close(): Promise<void>;
}

/** Secrets of the example plugins, as tests use them. */
export const TEST_SECRETS = {
  PLUGIN_NOTIFICATIONS_API_KEY: 'notifications-key-0123',
  PLUGIN_SHOWCASE_SIMPLEAPI_BASIC_USERNAME: 'alice',
  PLUGIN_SHOWCASE_SIMPLEAPI_BASIC_PASSWORD: 'p:ss:word',
  PLUGIN_SHOWCASE_SIMPLEAPI_API_KEY: 'showcase-key-4567',
  PLUGIN_SHOWCASE_BEARER_TOKEN: 'bearer-token-89',
} as const;

export const TEST_SESSION_SECRET = 'test-session-secret-with-enough-length';

/** Starts the host with the example plugins plus `env`; nothing comes from process.env. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const logs: string[] = [];
  const { app } = await createApp(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
      SESSION_JWT_SECRET: TEST_SESSION_SECRET,
      ...TEST_SECRETS,
      ...env,
    },
    { logDestination: { write: (line: string) => void logs.push(line) } },
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    wsBaseUrl: `ws://127.0.0.1:${port}`,
    logs,
    close: () => app.close(),
  };
}
