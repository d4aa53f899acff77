import { jest } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { MetricsService } from '../src/host/observability/metrics.service.js';
import { ChannelRegistry } from '../src/host/websocket/channel-registry.service.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';
import { type TestClient, closeAll, connect, connectMany, waitFor } from './support/ws-client.js';

const WS_PLUGINS_DIR = fileURLToPath(new URL('./fixtures/ws-plugins', import.meta.url));
const API_KEY = TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY;

jest.setTimeout(30_000);

describe('WebSocket delivery (e2e)', () => {
  let sut: TestApp;
  let clients: TestClient[];

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: WS_PLUGINS_DIR });
  });

  afterAll(async () => {
    await sut.close();
  });

  beforeEach(() => {
    clients = [];
  });

  afterEach(async () => {
    await closeAll(clients);
  });

  /** Connects to `channel` of `plugin` and waits until the host has filed the socket. */
  async function listen(plugin: string, channel: string, query = ''): Promise<TestClient> {
    const registry = sut.app.get(ChannelRegistry);
    const before = registry.count(plugin, channel);
    const client = await connect(`${sut.wsBaseUrl}/plugin-io/ws/${plugin}/${channel}/${query}`);
    clients.push(client);
    await waitFor(() => registry.count(plugin, channel) > before, `a socket on ${channel}`);
    return client;
  }

  async function broadcast(channel: string, message: unknown): Promise<void> {
    await request(sut.baseUrl)
      .post('/plugin-io/api/ws_relay/broadcast')
      .send({ channel, message })
      .expect(202);
  }

  describe('frame format', () => {
    it('should send one text frame whose JSON is exactly {"message": <message>}', async () => {
      const client = await listen('ws_relay', 'format');
      const messages: unknown[] = [
        { nested: { list: [1, 'two', null] }, flag: true },
        ['a', 2],
        'just a string',
        42.5,
        false,
        null,
        { text: 'émoji 🎉 and 日本語' },
      ];

      for (const message of messages) {
        await broadcast('format', message);
      }
      await client.waitForMessages(messages.length);

      expect(client.frames).toHaveLength(messages.length);
      client.frames.forEach((frame, i) => {
        expect(frame.isBinary).toBe(false);
        expect(JSON.parse(frame.text)).toStrictEqual({ message: messages[i] });
      });
    });
  });

  describe('scope', () => {
    it('should not deliver to the channel of the same name in another plugin', async () => {
      const relay = await listen('ws_relay', 'notifications');
      const notifications = await listen('notifications', 'notifications', `?api_key=${API_KEY}`);
      const callback = (message: unknown) =>
        request(sut.baseUrl)
          .post('/plugin-io/api/notifications/callback')
          .set('Authorization', API_KEY)
          .send(message as object)
          .expect(202);

      await broadcast('notifications', { from: 'relay', n: 1 });
      await callback({ from: 'notifications', n: 1 });
      await broadcast('notifications', { from: 'relay', n: 2 });
      await callback({ from: 'notifications', n: 2 });

      // Publish order is delivery order, so a leak would show among the first two messages.
      expect(await relay.waitForMessages(2)).toEqual([
        { from: 'relay', n: 1 },
        { from: 'relay', n: 2 },
      ]);
      expect(await notifications.waitForMessages(2)).toEqual([
        { from: 'notifications', n: 1 },
        { from: 'notifications', n: 2 },
      ]);
    });

    it('should not deliver to another channel of the same plugin', async () => {
      const roomA = await listen('ws_relay', 'room-a');
      const roomB = await listen('ws_relay', 'room-b');

      await broadcast('room-a', 'a1');
      await broadcast('room-b', 'b1');
      await broadcast('room-a', 'a2');
      await broadcast('room-b', 'b2');

      expect(await roomA.waitForMessages(2)).toEqual(['a1', 'a2']);
      expect(await roomB.waitForMessages(2)).toEqual(['b1', 'b2']);
    });

    it('should deliver each broadcast once to every one of 200 clients', async () => {
      const registry = sut.app.get(ChannelRegistry);
      clients = await connectMany(`${sut.wsBaseUrl}/plugin-io/ws/ws_relay/crowd/`, 200);
      await waitFor(() => registry.count('ws_relay', 'crowd') === 200, '200 sockets on crowd');

      await broadcast('crowd', { n: 1 });
      await broadcast('crowd', { n: 2 });

      const received = await Promise.all(clients.map((client) => client.waitForMessages(2)));
      for (const messages of received) {
        expect(messages).toEqual([{ n: 1 }, { n: 2 }]);
      }
    });
  });

  describe('order', () => {
    it('should deliver the broadcasts of one request in the order returned', async () => {
      const client = await listen('ws_relay', 'ordered-batch');
      const messages = Array.from({ length: 50 }, (_, seq) => ({ seq }));

      await request(sut.baseUrl)
        .post('/plugin-io/api/ws_relay/broadcast-many')
        .send({ channel: 'ordered-batch', messages })
        .expect(202, { sent: 50 });

      expect(await client.waitForMessages(50)).toEqual(messages);
    });

    it('should deliver broadcasts of consecutive requests in publish order', async () => {
      const client = await listen('ws_relay', 'ordered-requests');

      for (let seq = 0; seq < 20; seq++) {
        await broadcast('ordered-requests', { seq });
      }

      expect(await client.waitForMessages(20)).toEqual(
        Array.from({ length: 20 }, (_, seq) => ({ seq })),
      );
    });
  });

  describe('when the response is an error', () => {
    it('should not send the Broadcast returned next to a 4xx response', async () => {
      const client = await listen('ws_relay', 'rejections');

      await request(sut.baseUrl)
        .post('/plugin-io/api/ws_relay/rejected')
        .send({ channel: 'rejections', message: 'must not arrive' })
        .expect(409, { error: 'conflict' });
      await broadcast('rejections', 'sentinel');

      expect(await client.waitForMessages(1)).toEqual(['sentinel']);
    });
  });

  describe('BroadcastPublisher', () => {
    it('should deliver what a plugin provider publishes for a route, in order', async () => {
      const client = await listen('ws_publisher', 'announcements');
      const messages = ['first', { second: 2 }, ['third']];

      await request(sut.baseUrl)
        .post('/plugin-io/api/ws_publisher/announce')
        .send({ channel: 'announcements', messages })
        .expect(202, { announced: 3 });

      expect(await client.waitForMessages(3)).toEqual(messages);
    });

    it('should deliver what a startup task publishes on a timer', async () => {
      const client = await listen('ws_publisher', 'ticks');

      const [first, second] = (await client.waitForMessages(2)) as Array<{ tick: number }>;

      expect(second.tick).toBe(first.tick + 1);
    });

    it('should publish on its own plugin only', async () => {
      const relay = await listen('ws_relay', 'announcements');

      await request(sut.baseUrl)
        .post('/plugin-io/api/ws_publisher/announce')
        .send({ channel: 'announcements', messages: ['publisher only'] })
        .expect(202);
      await broadcast('announcements', 'relay');

      expect(await relay.waitForMessages(1)).toEqual(['relay']);
    });
  });

  describe('frames from clients', () => {
    it('should ignore a small client frame and keep the socket open', async () => {
      const client = await listen('ws_relay', 'chatty');

      client.ws.send('hello');
      client.ws.send(JSON.stringify({ event: 'subscribe', data: 'x' }));
      client.ws.send(Buffer.from([1, 2, 3]));
      await broadcast('chatty', 'still here');

      expect(await client.waitForMessages(1)).toEqual(['still here']);
      expect(client.isOpen).toBe(true);
    });

    it('should close a socket that sends a frame over the inbound limit with 1009', async () => {
      const registry = sut.app.get(ChannelRegistry);
      const offender = await listen('ws_relay', 'oversize');
      const bystander = await listen('ws_relay', 'oversize');

      offender.ws.send('x'.repeat(4097));

      expect((await offender.waitForClose()).code).toBe(1009);
      await waitFor(() => registry.count('ws_relay', 'oversize') === 1, 'the offender to leave');
      await broadcast('oversize', 'after');
      expect(await bystander.waitForMessages(1)).toEqual(['after']);
      const closes = await sut.app.get(MetricsService).wsCloses.get();
      expect(closes.values).toContainEqual({ labels: { reason: 'message_too_big' }, value: 1 });
    });

    it('should accept a client frame of exactly the inbound limit', async () => {
      const client = await listen('ws_relay', 'at-limit');

      client.ws.send('x'.repeat(4096));
      await broadcast('at-limit', 'fine');

      expect(await client.waitForMessages(1)).toEqual(['fine']);
      expect(client.isOpen).toBe(true);
    });
  });
});
