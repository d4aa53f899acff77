#!/usr/bin/env node
// `npm run bench` (builds first, then runs this): measures plugin-io next to the reference
// servers in one interleaved run (A B C D A B C D …) and prints one Markdown table whose
// figures are each given as a ratio to the scenario's reference (the raw `ws` server, the bare
// NestJS controller for the JSON route, one memory-bus instance for the Redis scenario).
//
//   npm run bench                                  # default suite (see --dry-run for the plan)
//   npm run bench -- --quick                       # 1–3 minute smoke run: 1 000 connections, 1 rep
//   npm run bench -- --scenarios fanout,rate --reps 3
//   npm run bench -- --scenarios redis             # two plugin-io instances over Redis vs one
//   npm run bench -- --profile                     # plugin-io with --cpu-prof -> bench/results/profiles/
//   node bench/bench.mjs --table bench/results/bench-XXXX.jsonl   # re-print an earlier run
//
// Loopback only; every server and client process is bounded in time and stopped by the harness.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseList, parseNumber } from './lib/args.mjs';
import { nofileLimits, treeStats } from './lib/proc.mjs';
import { assertLoopback } from './lib/safety.mjs';
import {
  BENCH_DIR,
  PLUGIN_IO_MAIN,
  PROFILE_DIR,
  REFERENCE_SERVERS,
  REPO_DIR,
  pluginIoSpec,
} from './lib/servers.mjs';
import { cleanupAndExit, live, runOne, startServer, stopServer } from './run.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ALL_SCENARIOS = ['fanout', 'channels', 'handshake', 'rate', 'http', 'redis'];
const DEFAULT_SCENARIOS = ['fanout', 'channels', 'handshake', 'rate', 'http'];

const DEFAULTS = {
  quick: false, // smoke run: 1 000 connections, 1 rep, short runs (1–3 minutes)
  scenarios: '', // comma list of ALL_SCENARIOS, or 'all'; default: DEFAULT_SCENARIOS
  servers: 'plugin-io,ws,sio,nest-naive', // WebSocket servers compared (ws is the reference)
  reps: 2, // interleaved repetitions of every case
  conns: '', // override the connection counts (comma list) of fanout/handshake/rate/redis
  payload: '', // override the message sizes (comma list) of fanout/rate
  broadcasts: 0, // override the measured broadcasts per run
  port: 18100,
  host: '127.0.0.1',
  profile: false, // start plugin-io with --cpu-prof --cpu-prof-dir=bench/results/profiles
  'redis-url': process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  'http-duration': 10, // seconds of measured autocannon load per run
  'http-warmup': 2, // seconds of unmeasured load before it
  'http-connections': 10,
  client: 'raw',
  concurrency: 256,
  workers: 0,
  pin: false, // taskset: server on CPU 0, clients on the others
  'start-timeout': 60,
  'run-timeout': 300, // per load run (seconds); the load process is killed 30 s after it
  cooldown: 1500, // ms between runs
  out: '', // JSONL file (default bench/results/bench-<time>.jsonl)
  table: '', // only print the table of an earlier JSONL file
  'dry-run': false, // print the plan and a rough duration, run nothing
  verbose: false, // stream load.mjs progress
  help: false,
};

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const sizeLabel = (b) => (b >= 1024 && b % 1024 === 0 ? `${b / 1024} KiB` : `${b} B`);

// --- figures ----------------------------------------------------------------------------
// get(result) -> number | null. ratio: false for figures whose ratio means nothing (loss).
const F = {
  dps: { label: 'deliveries/s ↑', get: (r) => r.delivery?.per_s, digits: 0 },
  cpu: {
    label: 'server CPU µs/delivery ↓',
    get: (r) => r.server?.cpu_per_1k_deliveries_ms,
    digits: 2,
  },
  mem: { label: 'server KiB/conn ↓', get: (r) => r.server?.mem_per_conn_kib, digits: 1 },
  loss: { label: 'loss %', get: (r) => r.delivery?.loss_pct, digits: 2, ratio: false },
  p50: { label: 'p50 latency ms ↓', get: (r) => r.delivery?.latency_ms?.p50, digits: 1 },
  p99: { label: 'p99 latency ms ↓', get: (r) => r.delivery?.latency_ms?.p99, digits: 1 },
  hps: { label: 'handshakes/s ↑', get: (r) => r.connect?.per_s, digits: 0 },
  hcpu: {
    label: 'server CPU µs/handshake ↓',
    get: (r) => r.server?.cpu_per_1k_conns_ms,
    digits: 0,
  },
  hp99: { label: 'handshake p99 ms ↓', get: (r) => r.connect?.handshake_ms?.p99, digits: 1 },
  rps: { label: 'req/s ↑', get: (r) => r.http?.per_s, digits: 0 },
  rp99: { label: 'p99 latency ms ↓', get: (r) => r.http?.latency_ms?.p99, digits: 1 },
  rcpu: { label: 'server CPU µs/request ↓', get: (r) => r.http?.server_cpu_us_per_req, digits: 1 },
};

// --- the plan -----------------------------------------------------------------------------
function broadcastsFor(conns, o) {
  if (o.broadcasts) return o.broadcasts;
  if (o.quick) return 100;
  return conns <= 1000 ? 200 : conns <= 10000 ? 100 : 50; // ≈ 0.2–1 M deliveries per run
}

export function buildPlan(o) {
  const q = o.quick;
  const wanted = !o.scenarios
    ? DEFAULT_SCENARIOS
    : o.scenarios === 'all'
      ? ALL_SCENARIOS
      : parseList(o.scenarios);
  for (const s of wanted)
    if (!ALL_SCENARIOS.includes(s))
      throw new Error(`unknown scenario ${s} (known: ${ALL_SCENARIOS.join(', ')})`);
  const servers = parseList(o.servers);
  if (!servers.includes('ws')) servers.push('ws'); // the reference of every WebSocket scenario
  const connsOverride = o.conns ? parseList(o.conns, parseNumber) : null;
  const payloadOverride = o.payload ? parseList(o.payload, parseNumber) : null;
  const wsCols = Object.fromEntries(servers.filter((s) => s !== 'ws').map((s) => [s, s]));
  const cases = [];
  const add = (c) =>
    cases.push({ ref: 'ws', refLabel: 'ws', cols: wsCols, servers, kind: 'ws', ...c });

  if (wanted.includes('fanout')) {
    for (const conns of connsOverride ?? (q ? [1000] : [1000, 10000, 19900])) {
      for (const payload of payloadOverride ?? [200, 4096]) {
        add({
          scenario: 'fanout',
          id: `fanout conns=${conns} payload=${payload}`,
          title: `fan-out: ${fmtInt(conns)} conns, 1 channel, ${sizeLabel(payload)}, ack mode`,
          conns,
          payload,
          opts: { broadcasts: broadcastsFor(conns, o), mode: 'ack' },
          figures: ['dps', 'cpu', 'mem', 'loss'],
        });
      }
    }
  }
  if (wanted.includes('channels')) {
    const conns = connsOverride?.[0] ?? (q ? 1000 : 10000);
    const channels = Math.max(1, Math.round(conns / 10));
    add({
      scenario: 'channels',
      id: `channels conns=${conns} channels=${channels}`,
      title: `${fmtInt(channels)} channels × 10 clients, 200 B to a random channel, window 16`,
      conns,
      payload: 200,
      args: ['--channels', String(channels)],
      opts: { broadcasts: o.broadcasts || (q ? 1000 : 3000), mode: 'window', window: 16 },
      figures: ['dps', 'cpu', 'loss'],
    });
  }
  if (wanted.includes('handshake')) {
    const conns = connsOverride?.[0] ?? (q ? 1000 : 10000);
    add({
      scenario: 'handshake',
      id: `handshake conns=${conns}`,
      title: `handshakes: ${fmtInt(conns)} conns, 256 in flight, api key checked on each (plugin-io: authenticate())`,
      conns,
      payload: 200,
      opts: { broadcasts: 5, warmup: 1, mode: 'ack' },
      figures: ['hps', 'hcpu', 'hp99'],
    });
  }
  if (wanted.includes('rate')) {
    const conns = connsOverride?.[0] ?? (q ? 1000 : 10000);
    for (const payload of payloadOverride ?? (q ? [200] : [200, 4096])) {
      add({
        scenario: 'rate',
        id: `rate conns=${conns} payload=${payload}`,
        title: `latency at equal load: ${fmtInt(conns)} conns, ${sizeLabel(payload)}, 3 broadcasts/s`,
        conns,
        payload,
        opts: { broadcasts: o.broadcasts || (q ? 15 : 30), mode: 'rate', rate: 3 },
        figures: ['p50', 'p99', 'cpu', 'loss'],
      });
    }
  }
  if (wanted.includes('http') && servers.includes('plugin-io')) {
    cases.push({
      scenario: 'http',
      id: 'http echo',
      kind: 'http',
      ref: 'nest-json',
      refLabel: 'bare Nest controller',
      cols: { 'plugin-io': 'plugin-io' },
      servers: ['plugin-io', 'nest-json'],
      title: `JSON route POST …/bench/echo, 200 B, ${o['http-connections']} conns, ${q ? 3 : o['http-duration']} s, autocannon`,
      payload: 200,
      duration: q ? 3 : o['http-duration'],
      warmup: q ? 1 : o['http-warmup'],
      figures: ['rps', 'rp99', 'rcpu'],
    });
  }
  if (wanted.includes('redis')) {
    const conns = connsOverride?.[0] ?? (q ? 1000 : 10000);
    const common = {
      kind: 'ws',
      ref: 'plugin-io',
      refLabel: '1 plugin-io instance, memory bus',
      cols: { 'plugin-io': 'plugin-io-redis2' },
      servers: ['plugin-io', 'plugin-io-redis2'],
      conns,
      payload: 200,
    };
    cases.push({
      ...common,
      scenario: 'redis',
      id: `redis ack conns=${conns}`,
      title: `Redis: ${fmtInt(conns)} conns, plugin-io = 2 instances sharing Redis, 200 B, ack mode`,
      opts: { broadcasts: broadcastsFor(conns, o), mode: 'ack' },
      figures: ['dps', 'cpu', 'loss'],
    });
    cases.push({
      ...common,
      scenario: 'redis',
      id: `redis rate conns=${conns}`,
      title: `Redis: ${fmtInt(conns)} conns, plugin-io = 2 instances sharing Redis, 200 B, 3 broadcasts/s`,
      opts: { broadcasts: o.broadcasts || (q ? 15 : 30), mode: 'rate', rate: 3 },
      figures: ['p50', 'p99', 'loss'],
    });
  }
  return cases;
}

// rough seconds per run, for --dry-run and the progress line
function estimateRun(c, server) {
  if (c.kind === 'http') return c.duration + c.warmup + 4;
  const start = server.startsWith('plugin-io') || server.startsWith('nest') ? 2.5 : 1;
  const connect = c.conns / (server === 'sio' ? 5000 : 9000);
  const b = c.opts.broadcasts;
  const per = c.args?.includes('--channels') ? 10 : c.conns;
  const bcast =
    c.opts.mode === 'rate' ? b / c.opts.rate : (b * per) / (server === 'ws' ? 150000 : 70000);
  const chanPost = c.args?.includes('--channels') ? b / 1500 : 0;
  return start + connect + 1 + bcast + chanPost + 2 + 1.5;
}

// --- runs -----------------------------------------------------------------------------------
function specFor(name, o, redis) {
  if (name === 'plugin-io') return pluginIoSpec({ profile: o.profile });
  if (name === 'plugin-io-redis2') {
    return pluginIoSpec({
      name,
      instances: 2,
      bus: 'redis',
      redisUrl: o['redis-url'],
      redisPrefix: redis.prefix,
      profile: o.profile,
    });
  }
  const ref = REFERENCE_SERVERS[name];
  if (!ref)
    throw new Error(
      `unknown server ${name}; known: plugin-io, ${Object.keys(REFERENCE_SERVERS).join(', ')}`,
    );
  return { name, ...ref };
}

function runChild(args, maxSeconds, log) {
  return new Promise((resolve) => {
    const ch = spawn(process.execPath, args, {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BENCH_PARENT_PID: String(process.pid) },
    });
    live.add(ch);
    let out = '';
    let err = '';
    ch.stdout.on('data', (d) => {
      out += d;
    });
    ch.stderr.on('data', (d) => {
      err += d;
    });
    const killer = setTimeout(() => {
      try {
        ch.kill('SIGKILL');
      } catch {}
    }, maxSeconds * 1000);
    ch.on('exit', (code) => {
      clearTimeout(killer);
      live.delete(ch);
      if (code !== 0 && err) log(`!! ${err.trim().slice(-600)}`);
      let r = null;
      try {
        r = JSON.parse(out.trim().split('\n').pop());
      } catch {}
      resolve(r || { error: `exited ${code}` });
    });
  });
}

async function runHttp(oc, spec, c, rep, log) {
  const started = await startServer(oc, spec, log);
  try {
    if (!started.ok) return { label: spec.name, error: 'server did not start' };
    const base = [
      'http-load.mjs',
      '--host',
      oc.host,
      '--port',
      String(oc.port),
      '--connections',
      String(oc['http-connections']),
      '--payload',
      String(c.payload),
    ];
    if (c.warmup > 0) await runChild([...base, '--duration', String(c.warmup)], c.warmup + 30, log);
    const s0 = treeStats(started.srv.pid);
    const r = await runChild([...base, '--duration', String(c.duration)], c.duration + 30, log);
    const s1 = treeStats(started.srv.pid);
    if (r.error) return { label: spec.name, error: r.error };
    const cpu = s1.cpuS - s0.cpuS;
    r.server_cpu_s = Math.round(cpu * 1000) / 1000;
    r.server_cpu_us_per_req = r.requests ? Math.round((cpu * 1e7) / r.requests) / 10 : null;
    r.server_rss_mib = Math.round(s1.rssKiB / 102.4) / 10;
    return {
      label: spec.name,
      time: new Date().toISOString(),
      http: r,
      error: r.non_2xx || r.errors ? `${r.non_2xx} non-2xx, ${r.errors} errors` : undefined,
    };
  } finally {
    await stopServer(started, spec);
  }
}

function redisReachable(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve(`bad REDIS_URL ${url}`);
  }
  try {
    assertLoopback(u.hostname);
  } catch (e) {
    return Promise.resolve(e.message);
  }
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const t = setTimeout(() => {
      s.destroy();
      resolve('no answer within 2 s');
    }, 2000);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve(null);
    });
    s.once('error', (e) => {
      clearTimeout(t);
      resolve(e.code || e.message);
    });
  });
}

// --- table ---------------------------------------------------------------------------------------
const median = (xs) => {
  const v = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmtNum = (x, d) => (x == null ? '–' : Math.abs(x) >= 1000 ? fmtInt(x) : x.toFixed(d));
const fmtRatio = (a, b) => (a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

export function buildTable(results, cases) {
  const colNames = [...new Set(cases.flatMap((c) => Object.keys(c.cols)))];
  const head = ['scenario', 'figure', 'ref', ...colNames.flatMap((n) => [n, '×ref'])];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
  ];
  const notes = [];
  for (const c of cases) {
    const rs = results.filter((r) => r.case_id === c.id);
    if (!rs.length) continue;
    const ok = (name) => rs.filter((r) => r.server_name === name && !r.error);
    const reps = Math.max(...c.servers.map((n) => ok(n).length));
    for (const r of rs) {
      if (r.error) notes.push(`${c.id} / ${r.server_name} rep ${r.rep}: ${r.error}`);
      else if (r.connect && r.connect.established < r.connect.requested)
        notes.push(
          `${c.id} / ${r.server_name} rep ${r.rep}: ${r.connect.established}/${r.connect.requested} connections (${JSON.stringify(r.connect.failures)})`,
        );
      if (r.server_died)
        notes.push(`${c.id} / ${r.server_name} rep ${r.rep}: the server exited during the run`);
      if (r.delivery?.misrouted)
        notes.push(
          `${c.id} / ${r.server_name} rep ${r.rep}: ${r.delivery.misrouted} messages reached clients of another channel`,
        );
    }
    c.figures.forEach((fk, i) => {
      const f = F[fk];
      const val = (name) =>
        median(
          ok(name).map((r) => {
            try {
              return f.get(r);
            } catch {
              return null;
            }
          }),
        );
      const refV = val(c.ref);
      const cells = colNames.flatMap((col) => {
        const server = c.cols[col];
        if (!server || !c.servers.includes(server)) return ['', ''];
        const v = val(server);
        return [fmtNum(v, f.digits), f.ratio === false ? '' : fmtRatio(v, refV)];
      });
      const scen =
        i === 0
          ? `${c.title} (ref: ${c.refLabel ?? c.ref}; ${reps} rep${reps === 1 ? '' : 's'})`
          : '';
      lines.push(`| ${scen} | ${f.label} | ${fmtNum(refV, f.digits)} | ${cells.join(' | ')} |`);
    });
  }
  return { table: lines.join('\n'), notes };
}

function printTable(results, cases, out) {
  const { table, notes } = buildTable(results, cases);
  const colNote = cases.some((c) => c.scenario === 'redis')
    ? ' In the Redis rows the ref column is one plugin-io instance on the memory bus and the plugin-io column two instances sharing Redis.'
    : '';
  console.log(`\n${table}\n`);
  console.log(
    `Medians over the repetitions; "×ref" = value ÷ the scenario's reference (named in the scenario cell: ws, the bare Nest controller for the JSON route). ↑ higher is better, ↓ lower is better. Latency is compared only in the rate-mode rows (equal load): ack-mode latency depends on how far the client lags. See bench/README.md.${colNote}`,
  );
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
  if (out) console.log(`\nRaw results: ${path.relative(process.cwd(), out)}`);
}

// --- main ------------------------------------------------------------------------------------------
async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2), DEFAULTS);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (o.help) {
    const src = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const lines = src.split('\n').slice(1); // after the shebang
    const header = lines
      .slice(
        0,
        lines.findIndex((l) => !l.startsWith('//')),
      )
      .map((l) => l.slice(3));
    const flags = src.slice(
      src.indexOf('const DEFAULTS = {'),
      src.indexOf('};', src.indexOf('const DEFAULTS = {')),
    );
    console.log(
      `${header.join('\n')}\n\nFlags (--name value, --flag, --no-flag) and defaults:\n${flags.split('\n').slice(1).join('\n')}\n\nScenarios: ${ALL_SCENARIOS.join(', ')} (default ${DEFAULT_SCENARIOS.join(',')}). See bench/README.md.`,
    );
    return;
  }
  if (o.quick && !process.argv.slice(2).some((a) => a === '--reps' || a.startsWith('--reps=')))
    o.reps = 1;
  const log = (s) => process.stderr.write(s + '\n');

  if (o.table) {
    const rs = fs
      .readFileSync(o.table, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const meta = rs.find((r) => r.bench_meta);
    const cases = meta ? meta.bench_meta.cases : [];
    printTable(
      rs.filter((r) => !r.bench_meta),
      cases,
      null,
    );
    return;
  }

  assertLoopback(o.host);
  const cases = buildPlan(o);
  if (!cases.length) throw new Error('nothing to run: check --scenarios and --servers');
  const runs = cases.reduce((a, c) => a + c.servers.length * o.reps, 0);
  const estimate = cases.reduce(
    (a, c) => a + o.reps * c.servers.reduce((b, s) => b + estimateRun(c, s), 0),
    0,
  );
  log(
    `# ${cases.length} cases, ${runs} runs, reps ${o.reps}, roughly ${Math.ceil(estimate / 60)} min (a guess; the machine decides)`,
  );
  for (const c of cases) log(`#   ${c.id}: ${c.servers.join(' ')}`);
  if (o['dry-run']) return;

  for (const f of [
    PLUGIN_IO_MAIN,
    path.join(REPO_DIR, 'dist', 'bench-plugins', 'bench', 'bench.plugin.js'),
  ]) {
    if (!fs.existsSync(f))
      throw new Error(
        `${path.relative(REPO_DIR, f)} is missing: run \`npm run build\` (npm run bench builds first)`,
      );
  }
  const redis = { prefix: `bench-${process.pid}-${Date.now().toString(36)}` };
  if (cases.some((c) => c.scenario === 'redis')) {
    const why = await redisReachable(o['redis-url']);
    if (why) {
      log(`!! Redis at ${o['redis-url']} is not usable (${why}): skipping the redis scenario`);
      for (let i = cases.length - 1; i >= 0; i--)
        if (cases[i].scenario === 'redis') cases.splice(i, 1);
    }
  }
  if (o.profile) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const specs = {};
  for (const c of cases) for (const s of c.servers) specs[s] ??= specFor(s, o, redis);

  const outFile = o.out
    ? path.resolve(o.out)
    : path.join(
        BENCH_DIR,
        'results',
        `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`,
      );
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const meta = {
    bench_meta: {
      time: new Date().toISOString(),
      argv: process.argv.slice(2),
      reps: o.reps,
      node: process.version,
      nproc: os.cpus().length,
      cases,
    },
  };
  fs.appendFileSync(outFile, JSON.stringify(meta) + '\n');
  const lim = nofileLimits();
  log(
    `# ${os.cpus().length} cpus, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(
        ' ',
      )}, node ${process.version}, fd limit ${lim?.soft}/${lim?.hard}; results -> ${path.relative(process.cwd(), outFile)}`,
  );

  const results = [];
  const t0 = Date.now();
  let k = 0;
  for (const c of cases) {
    for (let rep = 1; rep <= o.reps; rep++) {
      for (const name of c.servers) {
        k++;
        const spec = specs[name];
        log(
          `## [${k}/${runs}] ${c.id} / ${name} rep ${rep} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
        const oc = {
          ...o,
          quiet: !o.verbose,
          load: '',
          warmup: 5,
          mode: 'ack',
          rate: 100,
          window: 4,
          ...c.opts,
        };
        let r;
        if (c.kind === 'http') r = await runHttp(oc, spec, c, rep, log);
        else
          r = await runOne(
            oc,
            spec,
            { name: c.id, conns: c.conns, payload: c.payload, args: [...(c.args || [])] },
            rep,
            log,
          );
        Object.assign(r, { scenario: c.scenario, case_id: c.id, server_name: name, rep });
        results.push(r);
        fs.appendFileSync(outFile, JSON.stringify(r) + '\n');
        if (r.error) log(`   => error: ${r.error}`);
        else if (r.http)
          log(
            `   => ${fmtInt(r.http.per_s)} req/s, p99 ${r.http.latency_ms.p99} ms, ${r.http.server_cpu_us_per_req} µs CPU/request`,
          );
        else
          log(
            `   => ${r.connect.established}/${r.connect.requested} conns (${fmtInt(r.connect.per_s)}/s), ${fmtInt(r.delivery.per_s ?? 0)} deliv/s, ${r.server?.cpu_per_1k_deliveries_ms} µs CPU/deliv, loss ${r.delivery.loss_pct}%, p99 ${r.delivery.latency_ms.p99} ms`,
          );
        await sleep(o.cooldown);
      }
    }
  }
  log(`# done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (o.profile) {
    const profiles = fs.existsSync(PROFILE_DIR)
      ? fs.readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile'))
      : [];
    log(
      `# ${profiles.length} CPU profile(s) in ${path.relative(process.cwd(), PROFILE_DIR)} (open in Chrome DevTools > Performance, or speedscope)`,
    );
  }
  printTable(results, cases, outFile);
}

const isMain =
  process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain)
  main().catch((e) => {
    console.error(e.stack || e.message);
    cleanupAndExit(1);
  });
