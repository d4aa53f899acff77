import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer } from 'node:net';
import { Redis } from 'ioredis';
import request from 'supertest';
import WebSocket from 'ws';
import { TEST_SECRETS } from './test-app.js';

/** The Redis the multi-instance suites share; they are skipped when it is not set. */
export const REDIS_URL = process.env.REDIS_URL;

/** `describe` when REDIS_URL is set, otherwise a skipped describe. */
export const describeWithRedis = REDIS_URL ? describe : describe.skip;

/** Says why a Redis suite did not run and how to run it. */
export function announceRedisSkip(suite: string): void {
  if (!REDIS_URL) {
    process.stderr.write(
      `Skipping "${suite}": REDIS_URL is not set. Run it with a Redis server, e.g. ` +
        '`REDIS_URL=redis://127.0.0.1:6379 npm test`, or `.ci/run` (it starts one).\n',
    );
  }
}

/** A REDIS_KEY_PREFIX no other test run uses. */
export function uniqueKeyPrefix(): string {
  return `test-${process.pid}-${Date.now()}`;
}

/** The Redis channel the host uses for a plugin channel. */
export function redisChannel(prefix: string, plugin: string, channel: string): string {
  return `${prefix}:broadcast:${plugin}:${channel}`;
}

/** Polls `probe` until it returns true; fails naming `what` after `timeoutMs`. */
export async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    }
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with a message naming `what` when `promise` takes longer than `ms`. */
export async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short-lived connection for inspecting Redis (PUBSUB, CLIENT …); closed after `use`. */
export async function withRedis<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** How many connections are subscribed to each of `channels`. */
export async function subscriberCounts(url: string, ...channels: string[]): Promise<number[]> {
  return withRedis(url, async (redis) => {
    const reply = (await redis.call('PUBSUB', 'NUMSUB', ...channels)) as unknown[];
    return channels.map((_, i) => Number(reply[2 * i + 1]));
  });
}

/** The Redis channels with at least one subscriber whose names start with `prefix`. */
export async function activeChannels(url: string, prefix: string): Promise<string[]> {
  return withRedis(url, async (redis) => {
    const reply = (await redis.call('PUBSUB', 'CHANNELS', `${prefix}*`)) as unknown[];
    return reply.map(String).sort();
  });
}

/** POSTs `message` to the notifications callback of the instance at `baseUrl`. */
export function postNotification(baseUrl: string, message: unknown): request.Test {
  return request(baseUrl)
    .post('/plugin-io/api/notifications/callback')
    .set('Authorization', TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(message))
    .timeout(5000);
}

/** GET /health/ready of the instance at `baseUrl`; true when it answers 200. */
export async function isReady(baseUrl: string): Promise<boolean> {
  const res = await request(baseUrl).get('/health/ready').timeout(5000);
  return res.status === 200;
}

/** One frame a client received. */
export interface ReceivedFrame {
  readonly data: Buffer;
  readonly isBinary: boolean;
}

/** A real WebSocket client on a notifications channel that records every frame. */
export class NotificationsListener {
  public readonly frames: ReceivedFrame[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.frames.push({ data, isBinary }));
  }

  /** Opens a socket on `channel` of the notifications plugin at `wsBaseUrl`. */
  public static async open(
    wsBaseUrl: string,
    channel = 'notifications',
  ): Promise<NotificationsListener> {
    const key = encodeURIComponent(TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY);
    const ws = new WebSocket(`${wsBaseUrl}/plugin-io/ws/notifications/${channel}/?api_key=${key}`);
    const listener = new NotificationsListener(ws);
    await within(
      'opening a WebSocket',
      5000,
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) =>
          reject(new Error(`WebSocket upgrade answered ${res.statusCode}`)),
        );
      }),
    );
    return listener;
  }

  public get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The `message` field of every frame, in arrival order. */
  public messages(): unknown[] {
    return this.frames.map(
      (frame) => (JSON.parse(frame.data.toString()) as { message: unknown }).message,
    );
  }

  /** Waits until at least `count` frames have arrived. */
  public async received(count: number, timeoutMs = 10_000): Promise<void> {
    await until(`a client received ${count} frames`, () => this.frames.length >= count, timeoutMs);
  }

  /** Closes the socket and waits for the close handshake (or gives up after 5 s). */
  public async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) {
      return;
    }
    const closed = once(this.ws, 'close');
    this.ws.close();
    await within('closing a WebSocket', 5000, closed).catch(() => this.ws.terminate());
  }
}

/** A free loopback TCP port (free when this returns; good enough for tests). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The redis-server binary the outage suite starts (REDIS_SERVER_BIN overrides). */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export function hasRedisServerBinary(): boolean {
  return spawnSync(REDIS_SERVER_BIN, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A redis-server process owned by a test, on a fixed loopback port it can be restarted on. */
export class RedisServerProcess {
  private child?: ChildProcess;

  private constructor(public readonly port: number) {}

  public static async start(): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(await freePort());
    await server.restart();
    return server;
  }

  public get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server on the same port and waits until it answers PING. */
  public async restart(): Promise<void> {
    if (this.child !== undefined) {
      throw new Error('redis-server is already running');
    }
    const args = ['--port', String(this.port), '--bind', '127.0.0.1'];
    const child = spawn(REDIS_SERVER_BIN, [...args, '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) {
        this.child = undefined;
      }
    });
    await until(`redis-server answers on port ${this.port}`, () => ping(this.port), 10_000);
  }

  /** Kills redis-server with SIGKILL (no goodbye to clients) and waits until it is gone. */
  public async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined) {
      return;
    }
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await within('redis-server exiting', 5000, exited);
    this.child = undefined;
  }
}

/** Whether something on the loopback port answers a Redis PING. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
