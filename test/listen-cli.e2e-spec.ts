import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import request from 'supertest';
import { ChannelRegistry } from '../src/host/websocket/channel-registry.service.js';
import { sessionCookie } from './support/session.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';
import { WS_WAIT_MS, waitFor } from './support/ws-client.js';

const LISTEN_SCRIPT = fileURLToPath(new URL('../scripts/listen.mjs', import.meta.url));
const API_KEY = TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY;

jest.setTimeout(30_000);

/** A running `scripts/listen.mjs` with its output split into lines. */
class Listener {
  public readonly stdout: string[] = [];
  public readonly stderr: string[] = [];
  public readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  public constructor(args: string[]) {
    this.child = spawn(process.execPath, [LISTEN_SCRIPT, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collectLines(this.child.stdout, this.stdout);
    collectLines(this.child.stderr, this.stderr);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  public async waitForStderr(pattern: RegExp): Promise<string> {
    await waitFor(
      () => this.stderr.some((line) => pattern.test(line)),
      `a status line matching ${pattern} (stderr so far: ${JSON.stringify(this.stderr)})`,
    );
    return this.stderr.find((line) => pattern.test(line)) as string;
  }

  public async waitForStdoutLines(count: number): Promise<string[]> {
    await waitFor(() => this.stdout.length >= count, `${count} lines on stdout`);
    return this.stdout.slice(0, count);
  }

  /** Resolves with the exit code; fails the test if the process outlives `timeoutMs`. */
  public async exitCode(timeoutMs = WS_WAIT_MS): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the listener did not exit')), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  public interrupt(): void {
    this.child.kill('SIGINT');
  }

  public kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
  }
}

function collectLines(stream: NodeJS.ReadableStream | null, lines: string[]): void {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
  });
}

describe('npm run listen (e2e)', () => {
  let sut: TestApp;
  let listener: Listener | undefined;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterEach(async () => {
    listener?.kill();
    await listener?.exitCode();
    listener = undefined;
    await waitFor(
      () => sut.app.get(ChannelRegistry).count('notifications', 'notifications') === 0,
      'the listener socket to leave',
    );
  });

  afterAll(async () => {
    await sut.close();
  });

  function start(args: string[]): Listener {
    listener = new Listener(args);
    return listener;
  }

  /** Waits until the listener is connected and filed on notifications/notifications. */
  async function connected(cli: Listener): Promise<string> {
    const line = await cli.waitForStderr(/connected to/);
    await waitFor(
      () => sut.app.get(ChannelRegistry).count('notifications', 'notifications') === 1,
      'the listener socket to be filed',
    );
    return line;
  }

  async function notify(message: object): Promise<void> {
    await request(sut.baseUrl)
      .post('/plugin-io/api/notifications/callback')
      .set('Authorization', API_KEY)
      .send(message)
      .expect(202);
  }

  function parseLine(line: string): { time: string; message: unknown } {
    const parsed = JSON.parse(line) as { time: string; message: unknown };
    expect(Object.keys(parsed)).toEqual(['time', 'message']);
    expect(new Date(parsed.time).toISOString()).toBe(parsed.time);
    return parsed;
  }

  it('should print each message as one JSON line with a timestamp, given a URL', async () => {
    const cli = start([
      `${sut.wsBaseUrl}/plugin-io/ws/notifications/notifications/?api_key=${API_KEY}`,
    ]);
    const status = await connected(cli);

    await notify({ hello: 'world' });
    await notify({ n: 2, text: 'émoji 🎉' });
    const lines = await cli.waitForStdoutLines(2);

    expect(status).not.toContain(API_KEY);
    expect(parseLine(lines[0]).message).toEqual({ hello: 'world' });
    expect(parseLine(lines[1]).message).toEqual({ n: 2, text: 'émoji 🎉' });
  });

  it('should build the URL from --plugin, --channel, --host and --api-key', async () => {
    const cli = start([
      '--plugin',
      'notifications',
      '--channel',
      'notifications',
      '--host',
      sut.wsBaseUrl.replace('ws://', ''),
      '--api-key',
      API_KEY,
    ]);
    await connected(cli);

    await notify({ form: 'short' });

    expect(parseLine((await cli.waitForStdoutLines(1))[0]).message).toEqual({ form: 'short' });
  });

  it('should send --cookie as the session cookie', async () => {
    const cookie = await sessionCookie('staff-1');
    const cli = start([
      `${sut.wsBaseUrl}/plugin-io/ws/notifications/notifications/`,
      '--cookie',
      cookie,
    ]);
    await connected(cli);

    await notify({ via: 'session' });

    expect(parseLine((await cli.waitForStdoutLines(1))[0]).message).toEqual({ via: 'session' });
  });

  it('should exit with 0 on Ctrl-C', async () => {
    const cli = start([
      `${sut.wsBaseUrl}/plugin-io/ws/notifications/notifications/?api_key=${API_KEY}`,
    ]);
    await connected(cli);

    cli.interrupt();

    expect(await cli.exitCode()).toBe(0);
    expect(cli.stderr.some((line) => /closed: 1000/.test(line))).toBe(true);
  });

  it('should print the status and body of a refusal and exit non-zero', async () => {
    const cli = start([
      `${sut.wsBaseUrl}/plugin-io/ws/notifications/notifications/?api_key=wrong-key`,
    ]);

    expect(await cli.exitCode()).toBe(3);
    expect(cli.stderr.join('\n')).toMatch(/refused: HTTP 403 Forbidden "Unauthorized"/);
    expect(cli.stdout).toEqual([]);
  });

  it('should reject a bad command line with exit code 2', async () => {
    const cli = start(['--plugin', 'notifications']);

    expect(await cli.exitCode()).toBe(2);
    expect(cli.stderr.join('\n')).toMatch(/both --plugin and --channel/);
  });
});

describe('npm run listen when the server shuts down (e2e)', () => {
  let listener: Listener | undefined;

  afterEach(async () => {
    listener?.kill();
    await listener?.exitCode();
  });

  it('should print the close code and reason and exit non-zero', async () => {
    const app = await startTestApp();
    try {
      listener = new Listener([
        `${app.wsBaseUrl}/plugin-io/ws/notifications/notifications/?api_key=${API_KEY}`,
      ]);
      await listener.waitForStderr(/connected to/);
      await waitFor(
        () => app.app.get(ChannelRegistry).count('notifications', 'notifications') === 1,
        'the listener socket to be filed',
      );
    } finally {
      await app.close();
    }

    expect(await listener.exitCode()).toBe(1);
    expect(listener.stderr.join('\n')).toMatch(/closed: 1012 server shutting down/);
  });
});
