import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/** The folder of fixture plugins for the SimpleAPI suites (PLUGINS_DIRS). */
export const HTTP_FIXTURE_PLUGINS_DIR = fileURLToPath(
  new URL('../fixtures/http-plugins', import.meta.url),
);

/** Expected SimpleAPI error bodies. 401 bodies are exactly `{"error": <message>}`. */
export const errorBodies = {
  noAuthorizationHeader: { error: 'Request has no Authorization header' },
  unrecognizedScheme: { error: 'Authorization header has no recognized authentication scheme' },
  incorrectlyFormatted: { error: 'Provided credentials are incorrectly formatted' },
  invalidCredentials: { error: 'Provided credentials are invalid' },
  pluginNotFound: { error: expect.any(String), code: 'SIMPLEAPI_ERR_PLUGIN_NOT_FOUND' },
  routeNotFound: { error: expect.any(String), code: 'SIMPLEAPI_ERR_ROUTE_NOT_FOUND' },
  badPath: { error: expect.any(String), code: 'SIMPLEAPI_ERR_BAD_PATH' },
  invalidJson: { error: 'Request body is not valid JSON', code: 'SIMPLEAPI_ERR_BAD_BODY' },
  invalidUtf8: { error: 'Request body is not valid UTF-8', code: 'SIMPLEAPI_ERR_BAD_BODY' },
  badBody: { error: expect.any(String), code: 'SIMPLEAPI_ERR_BAD_BODY' },
  bodyTooLarge: (limit: number) => ({
    error: `Request body is larger than ${limit} bytes`,
    code: 'SIMPLEAPI_ERR_BODY_TOO_LARGE',
  }),
} as const;

/** `Authorization: Basic …` for `username:password` (as sent, nothing validated). */
export function basicAuth(credentials: string): string {
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

/** One captured log line, parsed. */
export interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  code?: string;
  plugin?: string;
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const LogLevel = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/** Parses the JSON lines a test app captured. */
export function parseLogs(logs: readonly string[]): LogLine[] {
  return logs
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

/** An HTTP answer read without any client-side normalisation. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Options for {@link rawRequest}. */
export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Each chunk is written separately; without Content-Length the body is sent chunked. */
  chunks?: Buffer[];
}

/**
 * Sends a request with `path` exactly as given (no `..` or `%2e` normalisation, unlike clients
 * that go through `new URL`).
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${path} within 5 s`)));
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) {
      req.write(chunk);
    }
    req.end();
  });
}

/**
 * Writes `head` (request line and headers, CRLF-separated, without the final blank line) on a
 * plain TCP socket and returns the status line the server answers with.
 */
export function rawStatusLine(baseUrl: string, head: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('connect', () => socket.end(`${head}\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(received.slice(0, end));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after: ${received}`)));
  });
}

/** A WebSocket client that records every text frame it receives, parsed as JSON. */
export class ChannelListener {
  public readonly frames: unknown[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')));
      this.waiters.forEach((wake) => wake());
    });
  }

  /** Connects to `url` and resolves once the server accepted the upgrade. */
  public static open(url: string, headers: Record<string, string> = {}): Promise<ChannelListener> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`${url} did not open within 5 s`));
      }, 5000);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new ChannelListener(socket));
      });
      socket.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        socket.terminate();
        reject(new Error(`${url} was refused with ${res.statusCode}`));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Resolves with the frames once `count` have arrived; rejects after `timeoutMs`. */
  public waitForFrames(count: number, timeoutMs = 5000): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.frames.length >= count) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((wake) => wake !== onFrame);
          resolve([...this.frames]);
          return true;
        }
        return false;
      };
      const onFrame = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((wake) => wake !== onFrame);
        reject(
          new Error(`expected ${count} frames within ${timeoutMs} ms, got ${this.frames.length}`),
        );
      }, timeoutMs);
      if (!check()) {
        this.waiters.push(onFrame);
      }
    });
  }

  /** The frames received during the next `ms` milliseconds (plus any already received). */
  public async framesAfter(ms: number): Promise<unknown[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return [...this.frames];
  }

  /** Closes the connection and waits until it is closed. */
  public close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close();
    });
  }
}
