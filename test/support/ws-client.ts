import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket, { type ClientOptions } from 'ws';

/** How long any wait in these helpers lasts before it fails the test. */
export const WS_WAIT_MS = 5000;

/** How a socket closed, as the client saw it. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** A refused upgrade: the HTTP answer the server gave instead of 101. */
export interface Refusal {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** One frame as received. */
export interface ReceivedFrame {
  readonly text: string;
  readonly isBinary: boolean;
}

/** A connected `ws` client that records every frame it receives and how it closed. */
export class TestClient {
  public readonly frames: ReceivedFrame[] = [];
  /** Errors the socket reported; recorded so that none goes unhandled. */
  public readonly errors: Error[] = [];
  public pings = 0;
  /** The status of the upgrade response (101 once open). */
  public upgradeStatus = 0;
  private closeInfo?: CloseInfo;
  private readonly listeners = new Set<() => void>();

  public constructor(public readonly ws: WebSocket) {
    ws.once('upgrade', (res: IncomingMessage) => {
      this.upgradeStatus = res.statusCode ?? 0;
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      this.frames.push({ text: rawDataToString(data), isBinary });
      this.notify();
    });
    ws.on('ping', () => {
      this.pings++;
      this.notify();
    });
    ws.on('error', (error) => this.errors.push(error));
    ws.once('close', (code: number, reason: Buffer) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.notify();
    });
  }

  /** The `.message` of every frame received so far. */
  public get messages(): unknown[] {
    return this.frames.map((frame) => (JSON.parse(frame.text) as { message: unknown }).message);
  }

  public get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The raw TCP socket; pausing it makes this client a slow reader. */
  public get rawSocket(): Socket | null {
    return (this.ws as WebSocket & { _socket: Socket | null })._socket;
  }

  /** Resolves with the first `count` messages once that many arrived. */
  public async waitForMessages(count: number, timeoutMs = WS_WAIT_MS): Promise<unknown[]> {
    await this.waitUntil(
      () => this.frames.length >= count,
      timeoutMs,
      () => `${count} messages (got ${this.frames.length})`,
    );
    return this.messages.slice(0, count);
  }

  /** Resolves once the client received `count` pings in total. */
  public async waitForPings(count: number, timeoutMs = WS_WAIT_MS): Promise<void> {
    await this.waitUntil(
      () => this.pings >= count,
      timeoutMs,
      () => `${count} pings (got ${this.pings})`,
    );
  }

  /** Resolves with the close code and reason once the socket closed. */
  public async waitForClose(timeoutMs = WS_WAIT_MS): Promise<CloseInfo> {
    await this.waitUntil(
      () => this.closeInfo !== undefined,
      timeoutMs,
      () => 'the socket to close',
    );
    return this.closeInfo as CloseInfo;
  }

  /** Closes from the client side and waits for the close; terminates if that takes too long. */
  public async close(timeoutMs = WS_WAIT_MS): Promise<void> {
    if (this.closeInfo !== undefined) {
      return;
    }
    this.rawSocket?.resume();
    this.ws.close();
    try {
      await this.waitForClose(timeoutMs);
    } catch {
      this.ws.terminate();
    }
  }

  private waitUntil(
    done: () => boolean,
    timeoutMs: number,
    describeWait: () => string,
  ): Promise<void> {
    if (done()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (done()) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describeWait()}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}

/**
 * Opens a WebSocket and resolves once it is open. Rejects, with the status and body, when the
 * upgrade is refused, and when nothing happens within `timeoutMs`.
 */
export function connect(
  url: string,
  options: ClientOptions = {},
  timeoutMs = WS_WAIT_MS,
): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`Timed out after ${timeoutMs} ms connecting to ${url}`));
    }, timeoutMs);

    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      void readBody(res).then((body) => {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`Upgrade to ${url} refused: ${res.statusCode} ${JSON.stringify(body)}`));
      });
    });
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Opens `count` clients on `url`, `batch` at a time. */
export async function connectMany(
  url: string,
  count: number,
  batch = 50,
  options: ClientOptions = {},
): Promise<TestClient[]> {
  const clients: TestClient[] = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    clients.push(...(await Promise.all(Array.from({ length: size }, () => connect(url, options)))));
  }
  return clients;
}

/**
 * Attempts an upgrade that must be refused and resolves with the HTTP answer. Rejects when the
 * socket opens instead, or when no answer comes within `timeoutMs`.
 */
export function expectRefusal(
  url: string,
  options: ClientOptions = {},
  timeoutMs = WS_WAIT_MS,
): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${url} to be refused`));
    }, timeoutMs);
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });

    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      void readBody(res).then((body) => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body });
        // Aborting the handshake reports an error; the refusal is already the result.
        ws.removeAllListeners('error');
        ws.on('error', () => undefined);
        ws.terminate();
      });
    });
    ws.once('open', () => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(`Expected the upgrade to ${url} to be refused, but it was accepted`));
    });
  });
}

/** Closes every client, bounded. */
export async function closeAll(clients: readonly TestClient[]): Promise<void> {
  await Promise.all(clients.map((client) => client.close()));
}

/** Polls `condition` every few milliseconds until it holds; fails after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = WS_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    res.on('error', () => resolve(Buffer.concat(chunks).toString()));
    res.on('aborted', () => resolve(Buffer.concat(chunks).toString()));
  });
}

function rawDataToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString();
  }
  return Buffer.isBuffer(data) ? data.toString() : Buffer.from(data).toString();
}
