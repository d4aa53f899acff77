import { Subject } from 'rxjs';
import type { WebSocket } from 'ws';
import type { BusMessage } from '../broadcast/broadcast-bus.js';
import type { BroadcastService } from '../broadcast/broadcast.service.js';
import { loadConfig } from '../config/app-config.js';
import { MetricsService } from '../observability/metrics.service.js';
import { ReadinessService } from '../observability/readiness.service.js';
import { ChannelRegistry } from './channel-registry.service.js';
import { buildTextFrame } from './text-frame.js';
import type { WsUpgradeGate } from './ws-upgrade.gate.js';

interface FakeSocket {
  readyState: number;
  writes: Buffer[];
  closedWith?: number;
  _socket: { writableLength: number; write: (chunk: Buffer) => boolean };
  on: () => void;
  close: (code: number) => void;
}

function fakeSocket(writableLength = 0): FakeSocket {
  const socket: FakeSocket = {
    readyState: 1,
    writes: [],
    _socket: { writableLength, write: (chunk) => socket.writes.push(chunk) > 0 },
    on: () => undefined,
    close: (code) => {
      socket.closedWith = code;
      socket.readyState = 2;
    },
  };
  return socket;
}

function message(channel: string, json: string): BusMessage {
  return { plugin: 'demo', channel, payload: Buffer.from(`{"message":${json}}`) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(ChannelRegistry.name, () => {
  let sut: ChannelRegistry;
  let messages: Subject<BusMessage>;

  beforeEach(() => {
    messages = new Subject();
    const broadcasts = { messages$: messages, watch: () => undefined, unwatch: () => undefined };
    const config = loadConfig({ WS_MAX_BUFFERED_BYTES: '1000' });
    const gate = { stopAccepting: () => undefined };
    sut = new ChannelRegistry(
      config,
      broadcasts as unknown as BroadcastService,
      new MetricsService(),
      new ReadinessService(),
      gate as unknown as WsUpgradeGate,
    );
    sut.onModuleInit();
  });

  afterEach(() => {
    sut.onApplicationShutdown();
  });

  function join(socket: FakeSocket, channel: string): void {
    sut.join(socket as unknown as WebSocket, { plugin: 'demo', channel, apiKey: null });
  }

  describe('enqueue', () => {
    it('should write the frames a channel gets within one turn as one write per socket', async () => {
      const [a, b] = [fakeSocket(), fakeSocket()];
      join(a, 'news');
      join(b, 'news');

      messages.next(message('news', '1'));
      messages.next(message('news', '2'));
      await nextTurn();

      const expected = Buffer.concat([
        buildTextFrame(Buffer.from('{"message":1}')),
        buildTextFrame(Buffer.from('{"message":2}')),
      ]);
      expect(a.writes).toEqual([expected]);
      expect(b.writes).toEqual([expected]);
    });

    it('should keep channels apart and skip channels without sockets', async () => {
      const [news, sport] = [fakeSocket(), fakeSocket()];
      join(news, 'news');
      join(sport, 'sport');

      messages.next(message('news', '"n"'));
      messages.next(message('weather', '"w"'));
      await nextTurn();

      expect(news.writes).toEqual([buildTextFrame(Buffer.from('{"message":"n"}'))]);
      expect(sport.writes).toEqual([]);
    });

    it('should close a socket whose unsent data passed the limit with 1013 and still serve the others', async () => {
      const [slow, fast] = [fakeSocket(5000), fakeSocket()];
      join(slow, 'news');
      join(fast, 'news');

      messages.next(message('news', '1'));
      await nextTurn();

      expect(slow.closedWith).toBe(1013);
      expect(slow.writes).toEqual([]);
      expect(fast.writes).toHaveLength(1);
    });

    it('should skip sockets that are not open', async () => {
      const closing = fakeSocket();
      join(closing, 'news');
      closing.readyState = 2;

      messages.next(message('news', '1'));
      await nextTurn();

      expect(closing.writes).toEqual([]);
    });
  });
});
