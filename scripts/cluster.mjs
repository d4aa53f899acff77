#!/usr/bin/env node
/**
 * Runs several instances of the built host (dist/main.js) on one machine, sharing broadcasts
 * through Redis: `npm run start:cluster` (builds first), or `node scripts/cluster.mjs
 * [--ports 3000,3001]`. Each instance's output lines are prefixed with [a], [b], …; SIGINT and
 * SIGTERM go to every instance, and the script exits once all of them have exited.
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379) and everything the host reads.
 * PLUGIN_NOTIFICATIONS_API_KEY defaults to a demo key, printed at start.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const DEFAULT_PORTS = [3000, 3001];
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEMO_API_KEY = 'demo-key';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'main.js');

function usage() {
  return 'Usage: node scripts/cluster.mjs [--ports 3000,3001]   (npm run start:cluster builds first)';
}

function fail(message) {
  process.stderr.write(`[cluster] ${message}\n`);
  process.exit(2);
}

function parsePorts(argv) {
  let value;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else if (arg === '--ports') {
      value = argv[++i];
    } else if (arg.startsWith('--ports=')) {
      value = arg.slice('--ports='.length);
    } else {
      fail(`unknown argument "${arg}"\n${usage()}`);
    }
  }
  if (value === undefined) {
    return DEFAULT_PORTS;
  }
  const ports = value.split(',').map((part) => Number(part.trim()));
  const valid = ports.every((port) => Number.isInteger(port) && port > 0 && port < 65536);
  if (ports.length === 0 || ports.length > 26 || !valid || new Set(ports).size !== ports.length) {
    fail(`--ports takes distinct TCP ports separated by commas, e.g. 3000,3001 (got "${value}")`);
  }
  return ports;
}

/** Copies a child's stream to ours line by line, each line prefixed with its instance's tag. */
function prefixLines(stream, tag, out) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    out.write(`${tag} ${line}\n`),
  );
}

const ports = parsePorts(process.argv.slice(2));
if (!existsSync(entry)) {
  fail(`${entry} does not exist; build first (npm run build), or use npm run start:cluster`);
}

const env = {
  ...process.env,
  BROADCAST_BUS: 'redis',
  REDIS_URL: process.env.REDIS_URL || DEFAULT_REDIS_URL,
};
if (!env.PLUGIN_NOTIFICATIONS_API_KEY) {
  env.PLUGIN_NOTIFICATIONS_API_KEY = DEMO_API_KEY;
  process.stdout.write(
    `[cluster] PLUGIN_NOTIFICATIONS_API_KEY is not set; using the demo key "${DEMO_API_KEY}"\n`,
  );
}
process.stdout.write(
  `[cluster] starting ${ports.length} instances with BROADCAST_BUS=redis REDIS_URL=${env.REDIS_URL.replace(/\/\/([^@/]*)@/, '//***@')}\n`,
);

let stopping = false;
let failed = false;
const running = new Map();

function stopAll(signal) {
  for (const child of running.values()) {
    child.kill(signal);
  }
}

ports.forEach((port, index) => {
  const tag = `[${String.fromCharCode(97 + index)}]`;
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.set(tag, child);
  prefixLines(child.stdout, tag, process.stdout);
  prefixLines(child.stderr, tag, process.stderr);
  process.stdout.write(`[cluster] ${tag} port ${port}, pid ${child.pid}\n`);

  child.on('error', (error) => {
    process.stderr.write(`[cluster] ${tag} could not start: ${error.message}\n`);
  });
  child.on('close', (code, signal) => {
    running.delete(tag);
    const clean = code === 0 || (stopping && signal !== null);
    process.stdout.write(`[cluster] ${tag} exited (${signal ?? `code ${code}`})\n`);
    if (!clean) {
      failed = true;
      if (!stopping) {
        stopping = true;
        process.stderr.write(`[cluster] ${tag} failed; stopping the other instances\n`);
        stopAll('SIGTERM');
      }
    }
    if (running.size === 0) {
      process.exit(failed ? 1 : 0);
    }
  });
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    process.stdout.write(`[cluster] ${signal}: stopping ${running.size} instances\n`);
    stopAll(signal);
  });
}
