import request from 'supertest';
import {
  NotificationsListener,
  REDIS_URL,
  RedisServerProcess,
  activeChannels,
  announceRedisSkip,
  hasRedisServerBinary,
  isReady,
  postNotification,
  redisChannel,
  sleep,
  subscriberCounts,
  uniqueKeyPrefix,
  until,
  withRedis,
  within,
} from './support/redis.js';
import { type TestApp, startTestApp } from './support/test-app.js';

const SUITE = 'Redis broadcast bus across a Redis outage';
const canRun = REDIS_URL !== undefined && hasRedisServerBinary();
announceRedisSkip(SUITE);
if (REDIS_URL !== undefined && !canRun) {
  process.stderr.write(
    `Skipping "${SUITE}": it starts its own redis-server, which is not on PATH (set REDIS_SERVER_BIN).\n`,
  );
}
const describeWithRedisServer = canRun ? describe : describe.skip;

/** POSTs a broadcast and expects the 503 that says it was not sent. */
async function expectUnavailable(baseUrl: string, message: unknown): Promise<void> {
  const res = await postNotification(baseUrl, message).expect(503);
  expect(res.body).toEqual({
    error: expect.any(String),
    code: 'SIMPLEAPI_ERR_BROADCAST_UNAVAILABLE',
  });
}

describeWithRedisServer(SUITE, () => {
  const prefix = uniqueKeyPrefix();
  const channel = redisChannel(prefix, 'notifications', 'notifications');
  let server: RedisServerProcess;
  /** A and B keep their clients throughout; C's client leaves and D's joins during the outage. */
  let apps: { a: TestApp; b: TestApp; c: TestApp; d: TestApp };
  const clients: Record<'a' | 'b' | 'c' | 'd', NotificationsListener | undefined> = {
    a: undefined,
    b: undefined,
    c: undefined,
    d: undefined,
  };

  function client(name: keyof typeof clients): NotificationsListener {
    const listener = clients[name];
    if (listener === undefined) {
      throw new Error(`client ${name} is not connected; an earlier step failed`);
    }
    return listener;
  }

  async function closeClients(): Promise<void> {
    for (const listener of Object.values(clients)) {
      await listener?.close();
    }
  }

  async function everyInstance(what: string, probe: (app: TestApp) => Promise<boolean>) {
    await until(
      what,
      async () => (await Promise.all(Object.values(apps).map(probe))).every(Boolean),
      15_000,
    );
  }

  beforeAll(async () => {
    server = await RedisServerProcess.start();
    const env = {
      BROADCAST_BUS: 'redis',
      REDIS_URL: server.url,
      REDIS_KEY_PREFIX: prefix,
      BROADCAST_PUBLISH_TIMEOUT_MS: '300',
    };
    apps = {
      a: await startTestApp(env),
      b: await startTestApp(env),
      c: await startTestApp(env),
      d: await startTestApp(env),
    };
  }, 60_000);

  afterAll(async () => {
    await closeClients();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.close()));
    await server?.kill();
  }, 60_000);

  it('should deliver across instances while Redis is up', async () => {
    clients.a = await NotificationsListener.open(apps.a.wsBaseUrl);
    clients.b = await NotificationsListener.open(apps.b.wsBaseUrl);
    clients.c = await NotificationsListener.open(apps.c.wsBaseUrl);
    await until('A, B and C subscribe', async () => {
      return (await subscriberCounts(server.url, channel))[0] === 3;
    });

    await postNotification(apps.a.baseUrl, { step: 'before' }).expect(202);

    for (const name of ['a', 'b', 'c'] as const) {
      await client(name).received(1);
      expect(client(name).messages()).toEqual([{ step: 'before' }]);
    }
  }, 20_000);

  it('should not send a broadcast that timed out, even after its connection comes back', async () => {
    // Redis holds the PUBLISH, so it is still unanswered when the request gives up with 503.
    await withRedis(server.url, (redis) => redis.call('CLIENT', 'PAUSE', '10000', 'WRITE'));
    try {
      await expectUnavailable(apps.a.baseUrl, { step: 'stalled' });
      // Drop the connection that still has the PUBLISH pending; ioredis reconnects it.
      const killed = await withRedis(server.url, async (redis) => {
        const list = String(await redis.call('CLIENT', 'LIST'));
        const ids = [...list.matchAll(/^id=(\d+) .*\bcmd=publish\b/gm)].map((match) => match[1]);
        for (const id of ids) {
          await redis.call('CLIENT', 'KILL', 'ID', id);
        }
        return ids.length;
      });
      expect(killed).toBe(1);
    } finally {
      await withRedis(server.url, (redis) => redis.call('CLIENT', 'UNPAUSE'));
    }

    // The first 202 after the reconnect marks where a resent PUBLISH would have landed.
    await until('A takes a broadcast again', async () => {
      const res = await postNotification(apps.a.baseUrl, { step: 'reconnected' });
      return res.status === 202;
    });
    for (const name of ['a', 'b', 'c'] as const) {
      await client(name).received(2);
      expect(client(name).messages()).toEqual([{ step: 'before' }, { step: 'reconnected' }]);
    }
  }, 30_000);

  it('should keep serving HTTP and report not ready while Redis is down', async () => {
    await server.kill();

    await everyInstance(
      'every instance reports not ready',
      async (app) => !(await isReady(app.baseUrl)),
    );
    for (const app of Object.values(apps)) {
      await request(app.baseUrl).get('/health/live').timeout(5000).expect(200);
      const ready = await request(app.baseUrl).get('/health/ready').timeout(5000).expect(503);
      expect(ready.body).toMatchObject({ ready: false, checks: { broadcastBus: false } });
    }
  }, 30_000);

  it('should answer 503 to a broadcast while Redis is down, keeping clients connected', async () => {
    await expectUnavailable(apps.a.baseUrl, { step: 'during' });
    await expectUnavailable(apps.b.baseUrl, { step: 'during' });

    // C's last socket leaves and D's first socket joins while the bus cannot reach Redis.
    await client('c').close();
    clients.d = await NotificationsListener.open(apps.d.wsBaseUrl);
    // Outlast several reconnect attempts, so nothing can ride on a request queued for the next one.
    await sleep(1500);
    expect(client('a').isOpen).toBe(true);
    expect(client('b').isOpen).toBe(true);
  }, 20_000);

  it('should become ready by itself once Redis is back, subscribed to what its sockets need', async () => {
    await server.restart();

    await everyInstance('every instance reports ready', (app) => isReady(app.baseUrl));
    // Ready means re-subscribed: A, B and D have sockets on the channel, C no longer has one.
    expect(await activeChannels(server.url, prefix)).toEqual([channel]);
    expect(await subscriberCounts(server.url, channel)).toEqual([3]);
  }, 30_000);

  it('should deliver again after the recovery, with nothing from the outage and no duplicates', async () => {
    await postNotification(apps.b.baseUrl, { step: 'after' }).expect(202, { status: 'ok' });

    await client('a').received(3);
    await client('b').received(3);
    await client('d').received(1);
    const history = [{ step: 'before' }, { step: 'reconnected' }, { step: 'after' }];
    expect(client('a').messages()).toEqual(history);
    expect(client('b').messages()).toEqual(history);
    expect(client('c').messages()).toEqual(history.slice(0, 2));
    expect(client('d').messages()).toEqual([{ step: 'after' }]);
    expect(client('a').isOpen).toBe(true);
    expect(client('b').isOpen).toBe(true);
  }, 20_000);

  it('should shut down while Redis is down and stop reconnecting', async () => {
    await server.kill();
    await everyInstance(
      'every instance reports not ready',
      async (app) => !(await isReady(app.baseUrl)),
    );

    await closeClients();
    await within(
      'closing every instance',
      20_000,
      Promise.all(Object.values(apps).map((app) => app.close())),
    );
    apps = {} as typeof apps;

    // A connection that kept retrying would be back within its 2 s reconnect ceiling.
    await server.restart();
    await sleep(2500);
    const others = await withRedis(server.url, async (redis) => {
      const list = String(await redis.call('CLIENT', 'LIST'));
      return list.split('\n').filter((line) => line.startsWith('id=')).length - 1;
    });
    expect(others).toBe(0);
  }, 40_000);
});
