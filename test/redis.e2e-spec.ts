import { createApp } from '../src/host/bootstrap.js';
import {
  NotificationsListener,
  REDIS_URL,
  activeChannels,
  announceRedisSkip,
  describeWithRedis,
  postNotification,
  redisChannel,
  subscriberCounts,
  uniqueKeyPrefix,
  until,
} from './support/redis.js';
import {
  TEST_SECRETS,
  TEST_SESSION_SECRET,
  type TestApp,
  startTestApp,
} from './support/test-app.js';

announceRedisSkip('Redis broadcast bus (two instances)');

describeWithRedis('Redis broadcast bus (two instances)', () => {
  const url = REDIS_URL ?? '';
  const prefix = uniqueKeyPrefix();
  const channel = redisChannel(prefix, 'notifications', 'notifications');
  const env = {
    BROADCAST_BUS: 'redis',
    REDIS_URL: url,
    REDIS_KEY_PREFIX: prefix,
    BROADCAST_PUBLISH_TIMEOUT_MS: '300',
  };
  let a: TestApp;
  let b: TestApp;
  let listeners: NotificationsListener[] = [];

  /** Opens a client on `app` and remembers it so the test's end closes it. */
  async function listen(app: TestApp): Promise<NotificationsListener> {
    const listener = await NotificationsListener.open(app.wsBaseUrl);
    listeners.push(listener);
    return listener;
  }

  /** Waits until `count` instances are subscribed to the notifications channel. */
  async function subscribed(count: number): Promise<void> {
    await until(`${count} instances subscribe to ${channel}`, async () => {
      const [n] = await subscriberCounts(url, channel);
      return n === count;
    });
  }

  beforeAll(async () => {
    a = await startTestApp(env);
    b = await startTestApp(env);
  }, 30_000);

  afterEach(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    listeners = [];
    await subscribed(0);
  }, 15_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  }, 30_000);

  it('should deliver what is posted to one instance to the clients of the other', async () => {
    const onA = await listen(a);
    const onB = await listen(b);
    await subscribed(2);

    await postNotification(b.baseUrl, { from: 'b' }).expect(202, { status: 'ok' });
    await onA.received(1);
    await postNotification(a.baseUrl, { from: 'a' }).expect(202, { status: 'ok' });
    await onB.received(2);
    await onA.received(2);

    expect(onA.messages()).toEqual([{ from: 'b' }, { from: 'a' }]);
    expect(onB.messages()).toEqual([{ from: 'b' }, { from: 'a' }]);
  }, 20_000);

  it('should deliver every message once and in order to clients of both instances', async () => {
    const clients = [await listen(a), await listen(a), await listen(b), await listen(b)];
    await subscribed(2);
    const count = 50;

    for (let n = 0; n < count; n++) {
      await postNotification(n % 2 === 0 ? a.baseUrl : b.baseUrl, { n }).expect(202);
    }
    // Delivery keeps publish order, so once the marker arrives any duplicate would have too.
    await postNotification(b.baseUrl, { end: true }).expect(202);
    await Promise.all(clients.map((client) => client.received(count + 1)));

    const expected = [...Array.from({ length: count }, (_, n) => ({ n })), { end: true }];
    for (const client of clients) {
      expect(client.messages()).toEqual(expected);
    }
  }, 30_000);

  it('should send the same frame bytes as the memory bus', async () => {
    const memory = await startTestApp();
    try {
      const viaMemory = await NotificationsListener.open(memory.wsBaseUrl);
      const viaRedis = await listen(a);
      await subscribed(1);
      const message = {
        text: 'héllo "wörld" \\ ✓ 😀',
        n: 1.5,
        list: [1, null, true, 'x'],
        nested: { empty: {}, zero: 0 },
      };

      await postNotification(memory.baseUrl, message).expect(202);
      await postNotification(b.baseUrl, message).expect(202);
      await viaMemory.received(1);
      await viaRedis.received(1);

      const expected = Buffer.from(`{"message":${JSON.stringify(message)}}`);
      expect(viaMemory.frames).toEqual([{ data: expected, isBinary: false }]);
      expect(viaRedis.frames).toEqual([{ data: expected, isBinary: false }]);
      await viaMemory.close();
    } finally {
      await memory.close();
    }
  }, 20_000);

  it('should subscribe an instance to a channel only while it has a socket on it', async () => {
    expect(await activeChannels(url, prefix)).toEqual([]);

    const onA = await listen(a);
    await until(`${channel} is the only active channel`, async () => {
      const channels = await activeChannels(url, prefix);
      return channels.length === 1 && channels[0] === channel;
    });
    expect(await subscriberCounts(url, channel)).toEqual([1]);

    const onB = await listen(b);
    await subscribed(2);

    await onA.close();
    await subscribed(1);
    await onB.close();
    await subscribed(0);
    expect(await activeChannels(url, prefix)).toEqual([]);
  }, 20_000);

  it('should leave no subscription behind when sockets join and leave in quick succession', async () => {
    const first = await listen(a);
    await first.close();
    const second = await listen(a);
    await second.close();

    await subscribed(0);
    expect(await activeChannels(url, prefix)).toEqual([]);
  }, 20_000);
});

describe('Redis broadcast bus start-up', () => {
  it('should refuse to start when Redis is unreachable, naming REDIS_URL', async () => {
    const started = createApp(
      {
        HOST: '127.0.0.1',
        PORT: '0',
        SESSION_JWT_SECRET: TEST_SESSION_SECRET,
        ...TEST_SECRETS,
        BROADCAST_BUS: 'redis',
        REDIS_URL: 'redis://127.0.0.1:1',
      },
      { logDestination: { write: () => undefined } },
    );

    await expect(started).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1\b/);
    await expect(started).rejects.toThrow(/ECONNREFUSED/);
  }, 20_000);

  it('should not show the password of REDIS_URL in the start-up error', async () => {
    const started = createApp(
      {
        HOST: '127.0.0.1',
        PORT: '0',
        SESSION_JWT_SECRET: TEST_SESSION_SECRET,
        ...TEST_SECRETS,
        BROADCAST_BUS: 'redis',
        REDIS_URL: 'redis://user:hunter2-secret@127.0.0.1:1',
      },
      { logDestination: { write: () => undefined } },
    );

    const error = await started.then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toContain('REDIS_URL=redis://***@127.0.0.1:1');
    expect(error?.message).not.toContain('hunter2-secret');
  }, 20_000);
});
