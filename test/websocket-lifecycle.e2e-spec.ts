import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import request from 'supertest';
import { MetricsService } from '../src/host/observability/metrics.service.js';
import { ChannelRegistry } from '../src/host/websocket/channel-registry.service.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';
import {
  type Refusal,
  type TestClient,
  closeAll,
  connect,
  expectRefusal,
  waitFor,
} from './support/ws-client.js';

const WS_PLUGINS_DIR = fileURLToPath(new URL('./fixtures/ws-plugins', import.meta.url));
const API_KEY = TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY;

jest.setTimeout(30_000);

/** Connects to `channel` of ws_relay and waits until the host has filed the socket. */
async function listen(
  sut: TestApp,
  channel: string,
  options: { autoPong?: boolean } = {},
): Promise<TestClient> {
  const registry = sut.app.get(ChannelRegistry);
  const before = registry.count('ws_relay', channel);
  const client = await connect(`${sut.wsBaseUrl}/plugin-io/ws/ws_relay/${channel}/`, options);
  await waitFor(() => registry.count('ws_relay', channel) > before, `a socket on ${channel}`);
  return client;
}

async function serverCloses(sut: TestApp, reason: string): Promise<number> {
  const metric = await sut.app.get(MetricsService).wsCloses.get();
  return metric.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

describe('WebSocket slow consumers (e2e)', () => {
  const MESSAGE_CHARS = 50 * 1024;
  const MAX_MESSAGES = 600;
  let sut: TestApp;
  let clients: TestClient[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: WS_PLUGINS_DIR, WS_MAX_BUFFERED_BYTES: '65536' });
  });

  afterAll(async () => {
    await closeAll(clients);
    await sut.close();
  });

  it('should close a client that stops reading with 1013 while a reading one gets every message', async () => {
    const fast = await listen(sut, 'firehose');
    const slow = await listen(sut, 'firehose');
    clients = [fast, slow];
    slow.rawSocket?.pause();

    let sent = 0;
    while ((await serverCloses(sut, 'slow_consumer')) === 0 && sent < MAX_MESSAGES) {
      await request(sut.baseUrl)
        .post('/plugin-io/api/ws_relay/flood')
        .send({ channel: 'firehose', from: sent, count: 1, size: MESSAGE_CHARS })
        .expect(202);
      sent++;
    }
    expect(await serverCloses(sut, 'slow_consumer')).toBe(1);
    slow.rawSocket?.resume();

    expect(await slow.waitForClose()).toEqual({ code: 1013, reason: 'client too slow' });
    const received = (await fast.waitForMessages(sent)) as Array<{ seq: number }>;
    expect(received.map((message) => message.seq)).toEqual(
      Array.from({ length: sent }, (_, seq) => seq),
    );
    expect(fast.isOpen).toBe(true);
  });
});

describe('WebSocket heartbeat (e2e)', () => {
  let sut: TestApp;
  let clients: TestClient[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: WS_PLUGINS_DIR, WS_HEARTBEAT_INTERVAL_MS: '100' });
  });

  afterAll(async () => {
    await closeAll(clients);
    await sut.close();
  });

  it('should terminate a peer that does not answer pings and keep one that does', async () => {
    const silent = await listen(sut, 'heartbeat', { autoPong: false });
    const lively = await listen(sut, 'heartbeat');
    clients = [silent, lively];

    const closed = await silent.waitForClose();
    const pingsSoFar = lively.pings;
    await lively.waitForPings(pingsSoFar + 3);
    await request(sut.baseUrl)
      .post('/plugin-io/api/ws_relay/broadcast')
      .send({ channel: 'heartbeat', message: 'alive' })
      .expect(202);

    expect(silent.pings).toBeGreaterThan(0);
    expect(closed.code).toBe(1006);
    expect(await serverCloses(sut, 'heartbeat')).toBe(1);
    expect(await lively.waitForMessages(1)).toEqual(['alive']);
    expect(lively.isOpen).toBe(true);
  });
});

describe('WebSocket drain on shutdown (e2e)', () => {
  let sut: TestApp | undefined;
  let clients: TestClient[] = [];

  afterEach(async () => {
    await closeAll(clients);
    clients = [];
    await sut?.close();
    sut = undefined;
  });

  it('should close every socket with 1012 and refuse new ones while draining', async () => {
    const app = await startTestApp({
      PLUGINS_DIRS: WS_PLUGINS_DIR,
      SHUTDOWN_CLOSE_BATCH: '2',
      SHUTDOWN_DRAIN_TIMEOUT_MS: '10000',
    });
    const readers = [
      await listen(app, 'drain'),
      await listen(app, 'drain'),
      await listen(app, 'other'),
      await listen(app, 'other'),
      await connect(
        `${app.wsBaseUrl}/plugin-io/ws/notifications/notifications/?api_key=${API_KEY}`,
      ),
    ];
    // A client that reads nothing keeps the drain waiting, so the host is seen mid-drain.
    const stalled = await listen(app, 'drain');
    clients = [...readers, stalled];
    stalled.rawSocket?.pause();

    const closing = app.close();
    const closes = await Promise.all(readers.map((client) => client.waitForClose()));
    const refusal = await expectRefusal(`${app.wsBaseUrl}/plugin-io/ws/ws_relay/drain/`);
    stalled.rawSocket?.resume();
    await closing;

    for (const close of closes) {
      expect(close).toEqual({ code: 1012, reason: 'server shutting down' });
    }
    expect(refusal).toEqual<Refusal>({
      status: 503,
      contentType: 'text/plain',
      body: 'Server shutting down',
    });
    expect(await stalled.waitForClose()).toEqual({ code: 1012, reason: 'server shutting down' });
  });

  it('should finish shutting down by the drain deadline when a client never answers', async () => {
    const app = await startTestApp({
      PLUGINS_DIRS: WS_PLUGINS_DIR,
      SHUTDOWN_DRAIN_TIMEOUT_MS: '300',
    });
    const stalled = await listen(app, 'drain');
    clients = [stalled];
    stalled.rawSocket?.pause();

    // Resolves only because the drain gives up at its deadline: the client is still paused.
    await app.close();
    stalled.rawSocket?.resume();

    expect([1006, 1012]).toContain((await stalled.waitForClose()).code);
    await expect(connect(`${app.wsBaseUrl}/plugin-io/ws/ws_relay/drain/`)).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
