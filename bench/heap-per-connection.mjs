#!/usr/bin/env node
// Where the memory of an idle connection goes: starts a server, takes a heap snapshot, opens N
// WebSocket connections, takes a second snapshot, and prints the growth per connection by
// constructor (self sizes, JS heap only; kernel socket buffers and native memory are not in it).
//
//   npm run build && node bench/heap-per-connection.mjs --server plugin-io --conns 5000
//   node bench/heap-per-connection.mjs --server ws --conns 5000      # the raw ws reference
//
// Loopback only; the server is a child process killed at the end, and the whole run stops by
// itself after --max-seconds.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { parseArgs } from './lib/args.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(HERE);
const opt = parseArgs(process.argv.slice(2), {
  server: 'plugin-io',
  conns: 5000,
  port: 18190,
  top: 15,
  'max-seconds': 300,
});
setTimeout(() => {
  console.error('heap-per-connection: time limit reached');
  process.exit(2);
}, opt['max-seconds'] * 1000).unref();

const SERVERS = {
  'plugin-io': {
    args: [path.join(REPO, 'dist/main.js')],
    env: {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PLUGINS_DIRS: path.join(REPO, 'dist/bench-plugins'),
      PLUGINS: 'bench',
      PLUGIN_BENCH_API_KEY: 'bench-key',
    },
  },
  ws: { args: [path.join(HERE, 'ref/ws-server.mjs'), '--quiet'], env: {} },
};

const dir = mkdtempSync(path.join(tmpdir(), 'heap-per-conn-'));
const spec = SERVERS[opt.server];
if (!spec) throw new Error(`--server must be one of ${Object.keys(SERVERS).join(', ')}`);
const child = spawn(process.execPath, ['--heapsnapshot-signal=SIGUSR2', ...spec.args], {
  cwd: dir,
  env: { PATH: process.env.PATH, PORT: String(opt.port), ...spec.env },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => child.kill('SIGKILL'));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForPort() {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${opt.port}/health/live`);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('server did not start');
}

async function snapshot() {
  const before = new Set(readdirSync(dir));
  child.kill('SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (file) {
      return waitUntilWritten(path.join(dir, file));
    }
  }
  throw new Error('no heap snapshot written');
}

/** The snapshot is streamed to disk; it is complete once its size stops changing. */
async function waitUntilWritten(file) {
  let last = -1;
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const size = statSync(file).size;
    if (size > 0 && size === last) {
      return file;
    }
    last = size;
  }
  throw new Error(`${file} never stopped growing`);
}

/** Self size and count per "type:name" of every node in a .heapsnapshot file. */
function summarize(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const totals = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : '';
    const key = `${type}:${name}`;
    const entry = totals.get(key) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + iSize];
    entry.count += 1;
    totals.set(key, entry);
  }
  return totals;
}

async function openConnections(n) {
  const sockets = [];
  const url = `ws://127.0.0.1:${opt.port}/plugin-io/ws/bench/bench/?api_key=bench-key`;
  for (let i = 0; i < n; i += 200) {
    const batch = Array.from({ length: Math.min(200, n - i) }, () => new WebSocket(url));
    await Promise.all(
      batch.map((ws) => new Promise((ok, fail) => ws.once('open', ok).once('error', fail))),
    );
    sockets.push(...batch);
  }
  return sockets;
}

await waitForPort();
const emptyFile = await snapshot();
const sockets = await openConnections(opt.conns);
await sleep(1000);
const fullFile = await snapshot();

const empty = summarize(emptyFile);
const full = summarize(fullFile);
const rows = [...full]
  .map(([key, { size, count }]) => {
    const base = empty.get(key) ?? { size: 0, count: 0 };
    return {
      key,
      bytes: (size - base.size) / opt.conns,
      objects: (count - base.count) / opt.conns,
    };
  })
  .sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);

console.log(`${opt.server}: JS heap growth per idle connection over ${opt.conns} connections`);
console.log(`total: ${(total / 1024).toFixed(2)} KiB per connection`);
console.log('| bytes/conn | objects/conn | type:constructor |');
console.log('|---:|---:|---|');
for (const row of rows.slice(0, opt.top)) {
  console.log(`| ${row.bytes.toFixed(0)} | ${row.objects.toFixed(2)} | ${row.key} |`);
}

for (const ws of sockets) ws.terminate();
child.kill('SIGKILL');
rmSync(dir, { recursive: true, force: true });
process.exit(0);
