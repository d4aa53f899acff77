// The servers the harness knows by name. Commands run under bash (see run.mjs): {port} is
// replaced by the port and {port1} by port + 1; PORT is also set in the environment.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
export const PLUGIN_IO_MAIN = path.join(REPO_DIR, 'dist', 'main.js');
export const PROFILE_DIR = path.join(BENCH_DIR, 'results', 'profiles');

// name -> { cmd, protocol, note }; protocol 'http' servers are for the HTTP (autocannon) scenario
export const REFERENCE_SERVERS = {
  ws: {
    cmd: 'node ref/ws-server.mjs --send frame --port {port}',
    protocol: 'ws',
    note: 'node:http + ws, frame built once (Sender.frame), raw socket writes',
  },
  'ws-buffer': {
    cmd: 'node ref/ws-server.mjs --send buffer --port {port}',
    protocol: 'ws',
    note: 'node:http + ws, ws.send(sameBuffer)',
  },
  'ws-string': {
    cmd: 'node ref/ws-server.mjs --send string --port {port}',
    protocol: 'ws',
    note: 'node:http + ws, ws.send(sameString)',
  },
  sio: {
    cmd: 'node ref/socketio-server.mjs --port {port}',
    protocol: 'sio',
    note: 'socket.io 4 rooms, websocket transport',
  },
  'nest-naive': {
    cmd: 'node ref/nest-naive/main.mjs --port {port}',
    protocol: 'ws',
    note: 'NestJS 12 + platform-ws gateway, per-client JSON.stringify',
  },
  'nest-json': {
    cmd: 'node ref/nest-json/main.mjs --port {port}',
    protocol: 'http',
    note: 'bare NestJS 12 controller returning the JSON body',
  },
};

/**
 * The plugin-io host (dist/main.js, built by `nest build`) with only the bench plugin
 * (src/bench-plugins/bench). instances > 1 starts that many processes on ports {port},
 * {port}+1, … sharing the broadcast bus; the last one is exec'd by bash, so the whole group is
 * one process tree under the server pid, and the others exit when it does (host-watchdog.mjs).
 */
export function pluginIoSpec({
  name = 'plugin-io',
  instances = 1,
  bus = 'memory',
  redisUrl,
  redisPrefix,
  profile = false,
  maxSeconds = 3600,
} = {}) {
  const node = [
    'node',
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    '--import',
    './bench/lib/host-watchdog.mjs',
    'dist/main.js',
  ].join(' ');
  const parts = [];
  for (let i = 1; i < instances; i++) parts.push(`PORT=$(({port}+${i})) ${node} &`);
  parts.push(instances > 1 ? `exec ${node}` : node);
  const env = {
    HOST: '127.0.0.1',
    PLUGINS_DIRS: path.join(REPO_DIR, 'dist', 'bench-plugins'),
    PLUGINS: 'bench',
    PLUGIN_BENCH_API_KEY: 'bench-key',
    LOG_LEVEL: 'warn',
    BROADCAST_BUS: bus,
    SHUTDOWN_DRAIN_TIMEOUT_MS: '2000',
    BENCH_MAX_SECONDS: String(maxSeconds),
    ...(profile ? { BENCH_PROFILE: '1' } : {}),
    // Extra settings for plugin-io experiments: BENCH_HOST_ENV='WS_HEARTBEAT_INTERVAL_MS=60000,…'
    ...Object.fromEntries(
      (process.env.BENCH_HOST_ENV ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=', 2)),
    ),
    ...(bus === 'redis' ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisPrefix } : {}),
  };
  return {
    name,
    cmd: parts.join(' '),
    cwd: REPO_DIR,
    env,
    protocol: 'ws',
    ports: instances,
    stopGraceMs: 10000,
    load:
      instances > 1
        ? `--ws-ports ${Array.from({ length: instances }, (_, i) => `{port${i || ''}}`).join(',')}`
        : '',
    note: `plugin-io (dist/main.js), bench plugin, ${instances} instance(s), ${bus} bus${profile ? ', --cpu-prof' : ''}`,
  };
}
