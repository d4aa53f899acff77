#!/usr/bin/env node
// Side-by-side runner: for every case (conns x payload) and repetition, starts each server
// in turn (interleaved A B C A B C ...), waits for its port, runs load.mjs against it, kills
// it by pid, and finally prints a table of medians with ratios relative to the baseline.
//
//   node bench/run.mjs --servers plugin-io,ws,sio,nest-naive --conns 1000,10000 --payload 200,4096 --reps 2
//   node bench/run.mjs --server 'mysvc=node /path/to/dist/main.js --port {port}' --servers ws,mysvc
//   node bench/run.mjs --table bench/results/run-XXXX.jsonl   # re-print the table of a past run
//
// bench/bench.mjs (npm run bench) drives the whole suite through the functions exported here.
// Server commands run under bash with the fd soft limit raised to the hard limit; {port}
// in the command is replaced by the port ({port1} by port + 1, …), and PORT is set in its
// environment.
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseList, parseNumber } from './lib/args.mjs';
import { alive, nofileLimits } from './lib/proc.mjs';
import { assertLoopback } from './lib/safety.mjs';

import { PLUGIN_IO_MAIN, REFERENCE_SERVERS, pluginIoSpec } from './lib/servers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// name -> { cmd, protocol, cwd?, env?, ports?, stopGraceMs?, load? }
export const BUILTIN = {
  ...REFERENCE_SERVERS,
  'plugin-io': pluginIoSpec(),
};

export const fillPorts = (s, port) =>
  s.replace(/\{port(\d*)\}/g, (_, n) => String(port + Number(n || 0)));

const DEFAULTS = {
  servers: 'plugin-io,ws,sio,nest-naive',
  server: [], // extra: 'name=command' or 'name:sio=command' or a JSON object {name,cmd,cwd,protocol,env,load}
  baseline: '', // default: first server
  conns: '1000',
  payload: '200',
  broadcasts: 200,
  reps: 2,
  port: 18100,
  host: '127.0.0.1',
  mode: 'ack',
  rate: 100,
  window: 4,
  warmup: 5,
  workers: 0,
  client: 'raw',
  concurrency: 256,
  load: '', // extra flags passed to load.mjs verbatim (space separated)
  pin: false, // taskset: server on CPU 0, load client on the other CPUs
  'start-timeout': 60,
  'run-timeout': 600, // per load run
  cooldown: 1500, // ms between runs
  out: '',
  table: '', // only print the table of this JSONL file
  quiet: false,
  profile: false, // start plugin-io with --cpu-prof (profiles in results/profiles/)
};

function parseServerSpec(s) {
  s = s.trim();
  if (s.startsWith('{')) {
    const j = JSON.parse(s);
    if (!j.name || !j.cmd) throw new Error('server JSON needs name and cmd');
    return { protocol: 'ws', ...j };
  }
  const eq = s.indexOf('=');
  if (eq < 0) throw new Error(`--server wants name=command, got ${s}`);
  let name = s.slice(0, eq),
    protocol = 'ws';
  if (name.includes(':')) [name, protocol] = name.split(':');
  return { name, protocol, cmd: s.slice(eq + 1) };
}

function waitPort(host, port, ms, proc) {
  const end = Date.now() + ms;
  return new Promise((resolve) => {
    const tryOnce = () => {
      if (proc.exitCode !== null || proc.signalCode) return resolve(false);
      const s = net.connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > end) resolve(false);
        else setTimeout(tryOnce, 100);
      });
    };
    tryOnce();
  });
}

export async function killTree(proc, graceMs = 3000) {
  const pid = proc.pid;
  if (!pid) return;
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  // SIGTERM to the whole process group (the server runs detached, so the group id is its
  // pid): a command that starts several processes stops them all, each by itself
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch (e) {
      return e.code === 'EPERM';
    }
  };
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
  }
  const end = Date.now() + graceMs;
  while ((!exited() || groupAlive()) && Date.now() < end) await sleep(50);
  // the server runs in its own process group (detached), whose id is its pid
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {}
  try {
    if (!exited()) process.kill(pid, 'SIGKILL');
  } catch {}
  const end2 = Date.now() + 5000;
  while (!exited() && Date.now() < end2) await sleep(50);
}

export const live = new Set(); // child processes to kill if we are interrupted
export function cleanupAndExit(code) {
  for (const p of live) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {}
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
  }
  process.exit(code);
}
process.on('SIGINT', () => cleanupAndExit(130));
process.on('SIGTERM', () => cleanupAndExit(143));

// Starts spec's command in its own process group and waits until it listens on its port(s).
// Returns { srv, cmd, ok, errLog }; stop it with stopServer.
export async function startServer(o, spec, log) {
  const port = o.port;
  const cmd = fillPorts(spec.cmd, port);
  const simple = !/[;&|<>()`$]/.test(cmd) && !/^\s*(cd|export)\s/.test(cmd);
  const inner = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; ${simple ? 'exec ' : ''}${cmd}`;
  const argv = o.pin ? ['taskset', '-c', '0', 'bash', '-c', inner] : ['bash', '-c', inner];
  const env = {
    ...process.env,
    PORT: String(port),
    BENCH_PARENT_PID: String(process.pid),
    ...(spec.env || {}),
  };
  const errLog = [];
  const srv = spawn(argv[0], argv.slice(1), {
    cwd: spec.cwd || HERE,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(srv);
  const keep = (d) => {
    errLog.push(d.toString());
    if (errLog.length > 50) errLog.shift();
  };
  srv.stdout.on('data', keep);
  srv.stderr.on('data', keep);
  let ok = true;
  for (let i = 0; i < (spec.ports || 1) && ok; i++)
    ok = await waitPort(o.host, port + i, o['start-timeout'] * 1000, srv);
  if (!ok) log(`!! ${spec.name} did not listen on ${port}: ${errLog.join('').slice(-800)}`);
  else await sleep(300);
  return { srv, cmd, ok, errLog };
}

export async function stopServer(started, spec) {
  await killTree(started.srv, spec.stopGraceMs || 3000);
  live.delete(started.srv);
}

// Runs load.mjs (path relative to this file) with args; resolves with its JSON line.
export function runLoadProcess(o, args, label, log) {
  const la = [path.join(HERE, 'load.mjs'), ...args];
  const lcmd =
    o.pin && os.cpus().length > 1
      ? ['taskset', '-c', `1-${os.cpus().length - 1}`, process.execPath, ...la]
      : [process.execPath, ...la];
  return new Promise((resolve) => {
    const ld = spawn(lcmd[0], lcmd.slice(1), {
      cwd: HERE,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BENCH_PARENT_PID: String(process.pid) },
    });
    live.add(ld);
    let out = '';
    ld.stdout.on('data', (d) => {
      out += d;
    });
    let errBuf = '';
    ld.stderr.on('data', (d) => {
      errBuf += d;
      let i;
      while ((i = errBuf.indexOf('\n')) >= 0) {
        const line = errBuf.slice(0, i);
        errBuf = errBuf.slice(i + 1);
        if (!o.quiet || line.startsWith('!!')) log('   ' + line);
      }
    });
    const killer = setTimeout(
      () => {
        try {
          ld.kill('SIGKILL');
        } catch {}
      },
      (o['run-timeout'] + 30) * 1000,
    );
    ld.on('exit', (code) => {
      clearTimeout(killer);
      live.delete(ld);
      const line = out.trim().split('\n').pop();
      let r = null;
      try {
        r = JSON.parse(line);
      } catch {}
      resolve(r || { label, error: `load exited ${code}` });
    });
  });
}

// One measured run: start the server, run load.mjs against it, stop the server.
// kase: { name, conns, payload, args: [extra load.mjs flags] }
export async function runOne(o, spec, kase, rep, log) {
  const label = spec.name;
  const started = await startServer(o, spec, log);
  try {
    if (!started.ok) return { label, case: kase.name, rep, error: 'server did not start' };
    const la = [
      '--host',
      o.host,
      '--port',
      String(o.port),
      '--pid',
      String(started.srv.pid),
      '--protocol',
      spec.protocol || 'ws',
      '--conns',
      String(kase.conns),
      '--payload',
      String(kase.payload),
      '--broadcasts',
      String(o.broadcasts),
      '--warmup',
      String(o.warmup),
      '--mode',
      o.mode,
      '--rate',
      String(o.rate),
      '--window',
      String(o.window),
      '--client',
      o.client,
      '--concurrency',
      String(o.concurrency),
      '--label',
      label,
      '--max-seconds',
      String(o['run-timeout']),
      ...(o.workers ? ['--workers', String(o.workers)] : []),
      ...(o.load ? o.load.split(/\s+/).filter(Boolean) : []),
      ...(kase.args || []),
      ...(spec.load ? fillPorts(spec.load, o.port).split(/\s+/).filter(Boolean) : []),
    ];
    const res = await runLoadProcess(o, la, label, log);
    res.label = label;
    res.case = kase.name;
    res.rep = rep;
    res.server_cmd = started.cmd;
    res.protocol_server = spec.protocol;
    const srv = started.srv;
    if (!alive(srv.pid) || srv.exitCode !== null) {
      res.server_died = true;
      log(`!! ${label} exited during the run: ${started.errLog.join('').slice(-600)}`);
    }
    return res;
  } finally {
    await stopServer(started, spec);
  }
}

// ---------------------------------------------------------------------------------------
const median = (xs) => {
  const v = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmt = (x, d = 1) =>
  x == null ? '–' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(d);
const range = (xs) => {
  const v = xs.filter((x) => x != null && Number.isFinite(x));
  return v.length > 1 ? `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}` : '';
};
const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : (a / b).toFixed(2) + '×');

export function table(results, baseline) {
  const cases = [...new Set(results.map((r) => r.case))];
  const lines = [];
  for (const c of cases) {
    const rs = results.filter((r) => r.case === c);
    const names = [...new Set(rs.map((r) => r.label))];
    const base = baseline && names.includes(baseline) ? baseline : names[0];
    const agg = {};
    for (const n of names) {
      const g = rs.filter((r) => r.label === n && !r.error);
      const get = (f) =>
        median(
          g.map((r) => {
            try {
              return f(r);
            } catch {
              return null;
            }
          }),
        );
      agg[n] = {
        runs: g.length,
        errors: rs.filter((r) => r.label === n && r.error).length,
        est: get((r) => r.connect.established),
        conn_s: get((r) => r.connect.wall_s),
        mem: get((r) => r.server.mem_per_conn_kib),
        rss: get((r) => r.server.peak_rss_mib),
        loss: get((r) => r.delivery.loss_pct),
        dps: get((r) => r.delivery.per_s),
        cpu: get((r) => r.server.cpu_per_1k_deliveries_ms),
        ccpu: get((r) => r.client.cpu_per_1k_deliveries_ms),
        cpuRange: range(g.map((r) => r.server?.cpu_per_1k_deliveries_ms)),
        p50: get((r) => r.delivery.latency_ms.p50),
        p99: get((r) => r.delivery.latency_ms.p99),
        max: get((r) => r.delivery.latency_ms.max),
        conncpu: get((r) => r.server.cpu_per_1k_conns_ms),
      };
    }
    const first = rs.find((r) => r.config);
    lines.push(
      `### ${c}${first ? `, ${first.config.broadcasts} broadcasts, mode ${first.config.mode}, client ${first.config.client}` : ''} (medians of ${Math.max(...names.map((n) => agg[n].runs))} runs; ratios vs ${base})`,
    );
    lines.push('');
    lines.push(
      '| server | conns ok | connect s | srv KiB/conn | peak RSS MiB | loss % | deliveries/s | srv CPU ms/1k deliv (range) | client CPU ms/1k deliv | p50 ms | p99 ms | max ms | CPU/deliv vs base | deliv/s vs base | mem/conn vs base |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const b = agg[base];
    for (const n of names) {
      const a = agg[n];
      lines.push(
        `| ${n}${a.errors ? ` (${a.errors} failed)` : ''} | ${fmt(a.est, 0)} | ${fmt(a.conn_s, 2)} | ${fmt(a.mem, 1)} | ${fmt(a.rss, 0)} | ${fmt(a.loss, 2)} | ${fmt(a.dps, 0)} | ${fmt(a.cpu, 2)}${a.cpuRange ? ` (${a.cpuRange})` : ''} | ${fmt(a.ccpu, 2)} | ${fmt(a.p50, 1)} | ${fmt(a.p99, 1)} | ${fmt(a.max, 1)} | ${ratio(a.cpu, b.cpu)} | ${ratio(a.dps, b.dps)} | ${ratio(a.mem, b.mem)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2), DEFAULTS);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (o.table) {
    const rs = fs
      .readFileSync(o.table, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    console.log(table(rs, o.baseline));
    return;
  }
  assertLoopback(o.host);
  const specs = { ...BUILTIN };
  for (const s of o.server) {
    const sp = parseServerSpec(s);
    specs[sp.name] = sp;
  }
  const names = parseList(o.servers);
  for (const s of o.server) {
    const n = parseServerSpec(s).name;
    if (!names.includes(n)) names.push(n);
  }
  if (o.profile) specs['plugin-io'] = pluginIoSpec({ profile: true });
  for (const n of names)
    if (!specs[n])
      throw new Error(`unknown server ${n}; built-in: ${Object.keys(BUILTIN).join(', ')}`);
  for (const n of names)
    if (specs[n].protocol === 'http')
      throw new Error(`${n} is an HTTP-only server: use bench.mjs --scenarios http`);
  if (names.some((n) => specs[n].cmd.includes('dist/main.js')) && !fs.existsSync(PLUGIN_IO_MAIN))
    throw new Error(`${PLUGIN_IO_MAIN} is missing: run \`npm run build\` first`);
  const connsList = parseList(o.conns, parseNumber);
  const payloads = parseList(o.payload, parseNumber);
  const outFile =
    o.out ||
    path.join(HERE, 'results', `run-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const log = (s) => process.stderr.write(s + '\n');
  const lim = nofileLimits();
  log(
    `# ${os.cpus().length} cpus, node ${process.version}, fd limit soft ${lim?.soft} hard ${lim?.hard}; results -> ${path.relative(process.cwd(), outFile)}`,
  );
  if (lim && Math.max(...connsList) + 100 > lim.hard)
    log(
      `# NOTE: ${Math.max(...connsList)} connections need more fds than the hard limit ${lim.hard} allows one server process`,
    );
  const total = connsList.length * payloads.length * o.reps * names.length;
  let k = 0;
  const results = [];
  const started = Date.now();
  for (const conns of connsList) {
    for (const payload of payloads) {
      for (let rep = 1; rep <= o.reps; rep++) {
        for (const n of names) {
          k++;
          log(
            `\n## [${k}/${total}] ${n} conns=${conns} payload=${payload} rep ${rep}  (${((Date.now() - started) / 1000).toFixed(0)}s elapsed)`,
          );
          const r = await runOne(
            o,
            { name: n, ...specs[n] },
            { name: `conns=${conns} payload=${payload}`, conns, payload },
            rep,
            log,
          );
          results.push(r);
          fs.appendFileSync(outFile, JSON.stringify(r) + '\n');
          if (!r.error && r.delivery) {
            log(
              `   => ${r.connect.established}/${conns} conns, ${r.server?.mem_per_conn_kib} KiB/conn, ${r.delivery.per_s} deliv/s, loss ${r.delivery.loss_pct}%, srv ${r.server?.cpu_per_1k_deliveries_ms} ms/1k, p99 ${r.delivery.latency_ms.p99} ms`,
            );
          } else log(`   => error: ${r.error}`);
          await sleep(o.cooldown);
        }
      }
    }
  }
  const t = table(results, o.baseline || (names.includes('ws') ? 'ws' : names[0]));
  console.log(t);
  log(`# done in ${((Date.now() - started) / 1000).toFixed(0)}s; results in ${outFile}`);
}

const isMain =
  process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain)
  main().catch((e) => {
    console.error(e.stack || e.message);
    cleanupAndExit(1);
  });
