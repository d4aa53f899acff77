import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const API_KEY = 'process-test-key';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" in output: ${seen}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function openSocket(port: number): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${port}/plugin-io/ws/notifications/notifications/?api_key=${API_KEY}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('the plugin-io process', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('should be built before this suite runs (npm test builds first)', () => {
    expect(existsSync(MAIN)).toBe(true);
  });

  it('should refuse to start with one message listing every bad variable', async () => {
    child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', BROADCAST_BUS: 'carrier-pigeon' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child?.once('exit', resolve));

    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('BROADCAST_BUS');
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
  }, 15_000);

  it('should close sockets with 1012 and exit 0 on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        PLUGINS: 'notifications',
        PLUGIN_NOTIFICATIONS_API_KEY: API_KEY,
        SHUTDOWN_DRAIN_TIMEOUT_MS: '3000',
        SHUTDOWN_CLOSE_BATCH: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForOutput(child, 'plugin-io listening', 15_000);

    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => openSocket(port)));
    const codes = Promise.all(sockets.map(closeCode));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');

    expect(await codes).toEqual([1012, 1012, 1012, 1012, 1012]);
    expect(await exited).toBe(0);
  }, 30_000);
});
