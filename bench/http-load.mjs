#!/usr/bin/env node
// HTTP load client for the JSON route comparison: autocannon (loopback only) POSTing one JSON
// body for --duration seconds over --connections keep-alive connections. Prints one JSON line.
//
//   node bench/http-load.mjs --port 8787 --path /plugin-io/api/bench/echo --duration 10 --connections 10
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parseArgs } from './lib/args.mjs';
import { assertLoopback, installWatchdog } from './lib/safety.mjs';

export const HTTP_DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  path: '/plugin-io/api/bench/echo',
  duration: 10, // seconds
  connections: 10,
  pipelining: 1,
  payload: 200, // bytes of the JSON body, approximately
  timeout: 10, // seconds per request
  'max-seconds': 120, // hard bound for this process
};

export function jsonBody(bytes) {
  const base = {
    channel: 'bench',
    sent: 1764763191234.567,
    seq: 17,
    tags: ['a', 'b'],
    nested: { ok: true, n: 3 },
    pad: '',
  };
  base.pad = 'x'.repeat(Math.max(0, bytes - JSON.stringify(base).length));
  return JSON.stringify(base);
}

export async function runHttpLoad(o) {
  const host = assertLoopback(o.host);
  const body = jsonBody(o.payload);
  const r = await autocannon({
    url: `http://${host.includes(':') ? `[${host}]` : host}:${o.port}${o.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: o.connections,
    pipelining: o.pipelining,
    duration: o.duration,
    timeout: o.timeout,
  });
  return {
    config: {
      path: o.path,
      duration_s: o.duration,
      connections: o.connections,
      pipelining: o.pipelining,
      payload_bytes: Buffer.byteLength(body),
    },
    requests: r.requests.total,
    per_s: r.requests.average, // mean of the per-second samples
    ok_2xx: r['2xx'],
    non_2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latency_ms: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: r.latency.average,
    },
    throughput_bytes_per_s: r.throughput.average,
  };
}

const isMain =
  process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2), HTTP_DEFAULTS);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  installWatchdog({ maxSeconds: o['max-seconds'], name: 'http-load' });
  try {
    const r = await runHttpLoad(o);
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0);
  } catch (e) {
    console.error('[http-load] failed:', e.stack || e.message);
    process.exit(2);
  }
}
