#!/usr/bin/env node
// WebSocket broadcast fan-out load client (loopback only).
//
//   node load.mjs --port 8787 --conns 10000 --broadcasts 200 --payload 200 [--pid <server pid>]
//   node load.mjs --port 8787 --conns 10000 --channels 1000     # 10 clients per channel, random target per broadcast
//   node load.mjs --ws-ports 8787,8788 --port 8787 --pid 11,12  # clients spread over two instances, POSTs to --port
//
// 1. opens --conns WebSocket connections, spread over --workers child processes, at most
//    --concurrency handshakes in flight; reports connect time and failures;
// 2. reads the server's RSS before/after connecting (/proc/<pid>/status; the pid is --pid, or
//    found from the listening port) -> memory per connection;
// 3. sends --warmup broadcasts (not measured), then --broadcasts broadcasts by HTTP POST,
//    paced by --mode (ack: next POST when the previous one is answered; rate: --rate per
//    second; window: at most --window broadcasts not yet delivered to every client);
// 4. every client records arrival latency = now - body.sent (epoch ms from
//    performance.timeOrigin + performance.now() in every process);
// 5. prints one JSON line of results on stdout and a human summary on stderr.
import { fork } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs, parseList } from './lib/args.mjs';
import { Hist } from './lib/hist.mjs';
import { treeStats, tcpSockstat, nofileLimits, cpuOf, memInfo } from './lib/proc.mjs';
import { assertLoopback } from './lib/safety.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const LOAD_DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  pid: 'auto', // server pid(s) for /proc figures: a number or comma list, 'auto' (owner of the listening port(s)) or 'none'
  protocol: 'ws', // ws | sio
  client: 'raw', // raw (minimal built-in RFC 6455 client) | lib (ws / socket.io-client)
  parse: 'scan', // scan (find "seq"/"sent" in the bytes) | json (JSON.parse every message)
  plugin: 'bench',
  route: 'broadcast',
  channel: 'bench',
  channels: 1, // > 1: clients spread over channels <channel>0..<channel>N-1, each broadcast goes to a random one
  seed: 1, // seed of the random channel choice (the same sequence for every server)
  'api-key': 'bench-key',
  'post-auth': 'authorization', // header carrying the api key on the broadcast POST ('' = none; the reference servers ignore it)
  'ws-ports': '', // comma list of ports the WebSocket clients spread over (default: --port)
  'ws-path': '/plugin-io/ws/{plugin}/{channel}/',
  'post-path': '/plugin-io/api/{plugin}/{route}',
  'sio-path': '/plugin-io/socket.io',
  conns: 1000,
  broadcasts: 200,
  warmup: 5,
  payload: 200, // bytes of the POST body (the JSON message), approximately
  mode: 'ack', // ack | rate | window
  rate: 100, // broadcasts per second in --mode rate
  window: 4, // broadcasts in flight in --mode window
  concurrency: 256, // handshakes in flight, all workers together
  workers: 0, // 0 = auto
  'src-addrs': 'auto', // comma list of 127.x.y.z source addresses, or auto
  'connect-timeout': 15000,
  'post-timeout': 30000,
  settle: 1000, // ms to wait after connecting before reading the server's RSS
  'drain-idle': 3000, // stop waiting for stragglers after this long without a new delivery
  'drain-max': 60000,
  'stall-ms': 3000, // --mode window: give up on a broadcast after this long
  'max-seconds': 600, // hard bound for the whole run
  label: '',
  'json-out': '', // also append the JSON line to this file
  quiet: false,
};

// one client process per spare core, and at most ~12k sockets per process (fd limits)
function autoWorkers(n) {
  return Math.min(16, Math.max(1, os.cpus().length - 1, Math.ceil(n / 12000)));
}
function autoAddrs(n, host) {
  if (host !== '127.0.0.1') return [host];
  const k = Math.max(1, Math.ceil(n / 25000)); // ~28k ephemeral ports per source address
  return Array.from({ length: k }, (_, i) => `127.0.0.${i + 1}`);
}

function findListenerPid(port) {
  const hex = ':' + port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let s;
    try {
      s = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of s.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length > 9 && c[3] === '0A' && c[1].endsWith(hex)) inodes.add(c[9]);
    }
  }
  if (!inodes.size) return null;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${d}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let l;
      try {
        l = fs.readlinkSync(`/proc/${d}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(l);
      if (m && inodes.has(m[1])) return Number(d);
    }
  }
  return null;
}

// small seeded PRNG (mulberry32): the same channel sequence for every server of a run
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r3 = (x) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000);
const r1 = (x) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10) / 10);

export async function runLoad(o, log = (s) => process.stderr.write(s + '\n')) {
  const host = assertLoopback(o.host);
  if (!['ws', 'sio'].includes(o.protocol)) throw new Error('--protocol ws|sio');
  if (!['raw', 'lib'].includes(o.client)) throw new Error('--client raw|lib');
  if (!['ack', 'rate', 'window'].includes(o.mode)) throw new Error('--mode ack|rate|window');
  const N = Math.max(0, Math.floor(o.conns));
  const W = Math.max(0, Math.floor(o.warmup));
  const B = Math.max(0, Math.floor(o.broadcasts));
  const TOTAL = W + B;
  const nWorkers = Math.max(1, Math.min(o.workers || autoWorkers(N), Math.max(1, N)));
  const srcAddrs = o['src-addrs'] === 'auto' ? autoAddrs(N, host) : parseList(o['src-addrs']);
  srcAddrs.forEach(assertLoopback);
  const C = Math.max(1, Math.floor(o.channels));
  const channelNames =
    C === 1 ? [o.channel] : Array.from({ length: C }, (_, i) => `${o.channel}${i}`);
  const rnd = prng(o.seed);
  const chanOf = Array.from({ length: TOTAL }, () => (C === 1 ? 0 : Math.floor(rnd() * C))); // target channel of each seq
  const fill = (t, channel = o.channel) =>
    t
      .replace('{plugin}', encodeURIComponent(o.plugin))
      .replace('{channel}', encodeURIComponent(channel))
      .replace('{route}', encodeURIComponent(o.route));
  const wsPaths = channelNames.map(
    (c) =>
      fill(o['ws-path'], c) +
      (o['ws-path'].includes('?') ? '&' : '?') +
      'api_key=' +
      encodeURIComponent(o['api-key']),
  );
  const postPath = fill(o['post-path']);
  const sioQueries = channelNames.map((c) => ({
    plugin: o.plugin,
    channel: c,
    api_key: o['api-key'],
  }));
  const sioFullPaths = sioQueries.map(
    (q) => o['sio-path'] + '/?EIO=4&transport=websocket&' + new URLSearchParams(q).toString(),
  );
  const wsPorts = o['ws-ports'] ? parseList(String(o['ws-ports']), Number) : [o.port];
  if (wsPorts.some((p) => !(p > 0 && p < 65536))) throw new Error('--ws-ports: bad port list');
  const hostHeaderOf = (port) => `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const hostHeader = hostHeaderOf(o.port);
  let pids =
    o.pid === 'none'
      ? []
      : o.pid === 'auto'
        ? [...new Set([o.port, ...wsPorts].map(findListenerPid).filter(Boolean))]
        : parseList(String(o.pid), Number);
  pids = pids.filter((p) => p > 0 && fs.existsSync(`/proc/${p}`));
  const pid = pids.length ? pids.join(',') : null;

  const t0 = performance.now();
  const el = () => ((performance.now() - t0) / 1000).toFixed(1) + 's';
  const say = (s) => {
    if (!o.quiet) log(`[load ${el()}] ${s}`);
  };

  // bounded run: everything below must finish before this fires
  let aborted = null;
  const workers = [];
  const abortTimer = setTimeout(() => {
    aborted = `max-seconds ${o['max-seconds']} reached`;
    log(`[load] ${aborted}; killing workers`);
    for (const w of workers)
      try {
        process.kill(w.proc.pid, 'SIGKILL');
      } catch {}
  }, o['max-seconds'] * 1000);
  abortTimer.unref();
  const check = () => {
    if (aborted) throw new Error(aborted);
  };

  const lim = nofileLimits();
  const perWorker = Math.ceil(N / nWorkers);
  if (lim && perWorker + 64 > lim.hard)
    say(
      `WARNING: ${perWorker} sockets per worker exceeds the fd hard limit ${lim.hard}; use more --workers`,
    );

  // --- start workers --------------------------------------------------------------
  const doneCount = new Uint16Array(TOTAL);
  const expectedDone = new Uint16Array(TOTAL); // workers with a client on the target channel of each seq
  const completeAt = new Float64Array(TOTAL); // when every worker got it (epoch ms), 0 = not yet
  const waiters = new Map(); // seq -> resolve
  let completedMeasured = 0;
  let lastProgressAt = nowMs();
  let lastReceivedTotal = 0;

  const onWorkerMsg = (w, m) => {
    if (m.t === 'done') {
      if (++doneCount[m.seq] === expectedDone[m.seq]) markComplete(m.seq);
    } else if (m.t === 'progress') {
      w.progress = m;
      const tot = workers.reduce((a, x) => a + (x.progress ? x.progress.received : 0), 0);
      if (tot !== lastReceivedTotal) {
        lastReceivedTotal = tot;
        lastProgressAt = nowMs();
      }
    } else if (m.t === 'connected') {
      w.connected = m;
      w.resolveConnected?.();
    } else if (m.t === 'report') {
      w.report = m;
      w.resolveReport?.();
    } else if (m.t === 'ready') {
      w.resolveReady?.();
    }
  };
  function markComplete(seq) {
    if (completeAt[seq]) return;
    completeAt[seq] = nowMs();
    if (seq >= W) completedMeasured++;
    const r = waiters.get(seq);
    if (r) {
      waiters.delete(seq);
      r(true);
    }
    wake();
  }
  let wakeFn = null;
  const wake = () => {
    const f = wakeFn;
    wakeFn = null;
    f?.();
  };
  const nextEvent = (ms) =>
    new Promise((r) => {
      wakeFn = r;
      setTimeout(() => {
        if (wakeFn === r) wakeFn = null;
        r();
      }, ms);
    });

  for (let i = 0; i < nWorkers; i++) {
    const count = Math.floor(N / nWorkers) + (i < N % nWorkers ? 1 : 0);
    // start through sh so the worker's soft fd limit is raised to the hard limit
    const proc = fork(path.join(HERE, 'load-worker.mjs'), [], {
      execPath: '/bin/sh',
      execArgv: ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath],
      env: { ...process.env, BENCH_PARENT_PID: String(process.pid) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const w = { id: i, proc, count, progress: null, connected: null, report: null, exited: false };
    proc.on('message', (m) => onWorkerMsg(w, m));
    proc.on('exit', (code) => {
      w.exited = true;
      w.exitCode = code;
      w.resolveConnected?.();
      w.resolveReport?.();
      w.resolveReady?.();
    });
    workers.push(w);
  }
  const indexBase = (i) => workers.slice(0, i).reduce((a, w) => a + w.count, 0);
  workers.forEach((w, i) =>
    w.proc.send({
      t: 'init',
      cfg: {
        id: i,
        count: w.count,
        indexBase: indexBase(i),
        concurrency: Math.max(1, Math.ceil(o.concurrency / nWorkers)),
        host,
        ports: wsPorts,
        hostHeaders: wsPorts.map(hostHeaderOf),
        localAddrs: srcAddrs,
        protocol: o.protocol,
        client: o.client,
        parse: o.parse,
        channels: C,
        chanOf,
        wsPaths,
        sioPath: o['sio-path'],
        sioQueries,
        sioFullPaths,
        warmup: W,
        broadcasts: B,
        connectTimeout: o['connect-timeout'],
      },
    }),
  );
  await Promise.race([
    Promise.all(
      workers.map(
        (w) =>
          new Promise((r) => {
            w.resolveReady = r;
          }),
      ),
    ),
    sleep(15000),
  ]);
  check();

  const stats = () => {
    if (!pids.length) return null;
    const all = pids.map((p) => treeStats(p));
    const sum = { at: Date.now() };
    for (const k of ['pids', 'rssKiB', 'hwmKiB', 'cpuS', 'userS', 'systemS', 'fds', 'threads'])
      sum[k] = all.reduce((a, x) => a + x[k], 0);
    return sum;
  };
  const workerCpu = () =>
    workers.reduce(
      (a, w) => {
        const c = cpuOf(w.proc.pid);
        if (c) {
          a.total += c.total;
          a.user += c.user;
          a.system += c.system;
        }
        return a;
      },
      { total: 0, user: 0, system: 0 },
    );
  const selfCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };

  // --- connect phase ----------------------------------------------------------------
  const S0 = stats();
  const K0 = tcpSockstat();
  const M0 = memInfo();
  say(
    `server pid ${pid ?? '?'} rss ${S0 ? (S0.rssKiB / 1024).toFixed(1) + ' MiB' : '?'}; opening ${N} ${o.protocol}/${o.client} connections via ${nWorkers} workers, concurrency ${o.concurrency}, src ${srcAddrs.join(',')}`,
  );
  const tc0 = nowMs();
  workers.forEach((w) => w.proc.send({ t: 'connect' }));
  let lastLog = 0;
  const connectedAll = Promise.all(
    workers.map(
      (w) =>
        new Promise((r) => {
          if (w.connected || w.exited) r();
          else w.resolveConnected = r;
        }),
    ),
  );
  let connectDone = false;
  connectedAll.then(() => {
    connectDone = true;
    wake();
  });
  while (!connectDone) {
    check();
    await nextEvent(250);
    if (!o.quiet && performance.now() - lastLog > 2000) {
      lastLog = performance.now();
      const c = workers.reduce((a, w) => a + (w.progress?.connected || 0), 0);
      const f = workers.reduce((a, w) => a + (w.progress?.failed || 0), 0);
      say(`  connected ${c}/${N} failed ${f}`);
    }
  }
  const connectWallS = (nowMs() - tc0) / 1000;
  const hsHist = new Hist();
  const failures = {};
  let established = 0,
    connFailed = 0;
  const openByCh = new Float64Array(C);
  for (const w of workers) {
    const c = w.connected;
    if (!c) {
      connFailed += w.count;
      failures['worker died'] = (failures['worker died'] || 0) + w.count;
      continue;
    }
    established += c.open;
    connFailed += c.failed;
    for (const [k, v] of Object.entries(c.failures)) failures[k] = (failures[k] || 0) + v;
    hsHist.merge(Hist.from(c.handshake));
    c.openByCh.forEach((n, ch) => {
      openByCh[ch] += n;
    });
  }
  for (let s = 0; s < TOTAL; s++) {
    expectedDone[s] = workers.filter(
      (w) => w.connected && w.connected.openByCh[chanOf[s]] > 0,
    ).length;
    if (!expectedDone[s]) markComplete(s); // nobody listens on that channel: nothing to wait for
  }
  say(
    `connected ${established}/${N} in ${connectWallS.toFixed(2)}s, failed ${connFailed} ${JSON.stringify(failures)}`,
  );
  await sleep(o.settle);
  const S1 = stats();
  const K1 = tcpSockstat();
  const M1 = memInfo();

  // --- broadcasts ---------------------------------------------------------------------
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const chJsons = channelNames.map((c) => JSON.stringify(c));
  const sample = `{"channel":${chJsons[chJsons.length - 1]},"sent":${nowMs()},"seq":${TOTAL},"pad":""}`;
  const pad = 'x'.repeat(Math.max(0, o.payload - Buffer.byteLength(sample)));
  const postAuth = o['post-auth'] ? { [o['post-auth']]: o['api-key'] } : {};
  const postHist = new Hist();
  const statusCounts = {};
  let srvSent = 0,
    srvSkipped = 0,
    srvReported = false;
  let firstSent = 0,
    lastAck = 0,
    posted = 0,
    outstanding = 0;
  const post = (seq) =>
    new Promise((resolve) => {
      const sent = nowMs();
      if (seq >= W && !firstSent) firstSent = sent;
      const body = `{"channel":${chJsons[chanOf[seq]]},"sent":${sent},"seq":${seq},"pad":"${pad}"}`;
      outstanding++;
      posted++;
      const done = (status, text) => {
        outstanding--;
        const t = nowMs();
        statusCounts[status] = (statusCounts[status] || 0) + 1;
        if (seq >= W && status >= 200 && status < 300) {
          postHist.add((t - sent) * 1000);
          lastAck = Math.max(lastAck, t);
          if (text && text[0] === '{') {
            try {
              const j = JSON.parse(text);
              if (typeof j.sent === 'number') {
                srvSent += j.sent;
                srvReported = true;
              }
              if (typeof j.skipped === 'number') srvSkipped += j.skipped;
            } catch {}
          }
        }
        wake();
        resolve(status);
      };
      const req = http.request(
        {
          host,
          port: o.port,
          method: 'POST',
          path: postPath,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...postAuth,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => {
            if (text.length < 4096) text += c;
          });
          res.on('end', () => done(res.statusCode, text));
          res.on('error', () => done('error'));
        },
      );
      req.on('error', (e) => done(e.code || 'error'));
      req.setTimeout(o['post-timeout'], () => req.destroy(new Error('timeout')));
      req.end(body);
    });
  const waitComplete = (seq, ms) =>
    completeAt[seq]
      ? Promise.resolve(true)
      : Promise.race([
          new Promise((r) => waiters.set(seq, r)),
          sleep(ms).then(() => {
            waiters.delete(seq);
            return false;
          }),
        ]);

  let warmupOk = 0,
    warmupAcked = 0,
    setupError = null;
  if (established > 0) {
    for (let s = 0; s < W; s++) {
      check();
      const st = await post(s);
      if (st >= 200 && st < 300) warmupAcked++;
      else {
        say(`warmup POST answered ${st}`);
        continue;
      }
      if (await waitComplete(s, 5000)) warmupOk++;
    }
    if (W) say(`warmup: ${warmupOk}/${W} broadcasts reached every client`);
    if (W && !warmupAcked)
      setupError = 'every warmup POST failed (server out of fds? try fewer --conns)';
  } else setupError = 'no connection established';

  const S2 = stats();
  const CW2 = workerCpu(),
    CP2 = selfCpu();
  const tb0 = nowMs();
  let abandoned = 0;
  if (!setupError && B > 0) {
    say(
      `broadcasting ${B} x ${Buffer.byteLength(sample) + pad.length} B to ${established} clients, mode ${o.mode}${o.mode === 'rate' ? ' ' + o.rate + '/s' : o.mode === 'window' ? ' ' + o.window : ''}`,
    );
    if (o.mode === 'ack') {
      for (let i = 0; i < B; i++) {
        check();
        await post(W + i);
      }
    } else if (o.mode === 'rate') {
      const interval = 1000 / o.rate;
      const start = performance.now();
      const pending = [];
      for (let i = 0; i < B; i++) {
        check();
        const due = start + i * interval - performance.now();
        if (due > 1) await sleep(due);
        while (outstanding >= 256) {
          check();
          await nextEvent(100);
        }
        pending.push(post(W + i));
      }
      await Promise.all(pending);
    } else {
      const pending = [];
      let i = 0;
      let lastCompletion = performance.now(),
        lastCompleted = 0,
        oldest = W;
      while (i < B) {
        check();
        while (oldest < W + i && completeAt[oldest]) oldest++;
        const inFlight = W + i - oldest;
        if (inFlight < o.window && outstanding < o.window) {
          pending.push(post(W + i));
          i++;
          continue;
        }
        await nextEvent(50);
        if (completedMeasured !== lastCompleted) {
          lastCompleted = completedMeasured;
          lastCompletion = performance.now();
        } else if (performance.now() - lastCompletion > o['stall-ms'] && oldest < W + i) {
          abandoned++;
          completeAt[oldest] = -1;
          oldest++;
          lastCompletion = performance.now();
        }
      }
      await Promise.all(pending);
    }
    // drain: wait for every client to get every broadcast, or until nothing moves
    const dStart = nowMs();
    lastProgressAt = nowMs();
    while (true) {
      check();
      if (completedMeasured >= B) break;
      await nextEvent(100);
      const t = nowMs();
      if (t - lastProgressAt > o['drain-idle'] || t - dStart > o['drain-max']) break;
    }
  }
  const S3 = stats();
  const CW3 = workerCpu(),
    CP3 = selfCpu();
  const K3 = tcpSockstat();

  // --- collect --------------------------------------------------------------------------
  workers.forEach((w) => {
    if (!w.exited) w.proc.send({ t: 'report' });
  });
  await Promise.race([
    Promise.all(
      workers.map(
        (w) =>
          new Promise((r) => {
            if (w.report || w.exited) r();
            else w.resolveReport = r;
          }),
      ),
    ),
    sleep(10000),
  ]);
  const lat = new Hist();
  let received = 0,
    invalid = 0,
    dups = 0,
    outOfRange = 0,
    misrouted = 0,
    closedAfterOpen = 0,
    lastArrival = 0,
    pings = 0;
  for (const w of workers) {
    const r = w.report;
    if (!r) continue;
    received += r.receivedMeasured;
    invalid += r.invalid;
    dups += r.dups;
    outOfRange += r.outOfRange;
    pings += r.pings;
    misrouted += r.misrouted;
    closedAfterOpen += r.closedAfterOpen;
    lastArrival = Math.max(lastArrival, r.lastArrival);
    lat.merge(Hist.from(r.latency));
  }
  // close: RST every socket, then make sure every worker is gone
  workers.forEach((w) => {
    if (!w.exited)
      try {
        w.proc.send({ t: 'close' });
      } catch {}
  });
  const exitDeadline = performance.now() + 5000;
  while (workers.some((w) => !w.exited) && performance.now() < exitDeadline) await sleep(50);
  for (const w of workers)
    if (!w.exited)
      try {
        process.kill(w.proc.pid, 'SIGKILL');
      } catch {}
  agent.destroy();
  clearTimeout(abortTimer);

  let expected = 0;
  for (let s = W; s < TOTAL; s++) expected += openByCh[chanOf[s]];
  const lost = Math.max(0, expected - received);
  const bcastWallS = lastArrival && firstSent ? (lastArrival - firstSent) / 1000 : null;
  const pushWallS = lastAck && firstSent ? (lastAck - firstSent) / 1000 : null;
  const srvCpuConnect = S0 && S1 ? S1.cpuS - S0.cpuS : null;
  const srvCpuBcast = S2 && S3 ? S3.cpuS - S2.cpuS : null;
  const cliCpu = CW3.total - CW2.total + (CP3 - CP2);
  const lat_ms = lat.summary(1000);
  const hs_ms = hsHist.summary(1000);
  const post_ms = postHist.summary(1000);
  const result = {
    label: o.label || undefined,
    time: new Date().toISOString(),
    machine: {
      nproc: os.cpus().length,
      node: process.version,
      kernel: os.release(),
      mem_gib: r1(os.totalmem() / 2 ** 30),
    },
    config: {
      host,
      port: o.port,
      ws_ports: wsPorts,
      channels: C,
      post_auth: o['post-auth'] || undefined,
      protocol: o.protocol,
      client: o.client,
      parse: o.parse,
      conns: N,
      broadcasts: B,
      warmup: W,
      payload_bytes: Buffer.byteLength(sample) + pad.length,
      mode: o.mode,
      rate: o.mode === 'rate' ? o.rate : undefined,
      window: o.mode === 'window' ? o.window : undefined,
      workers: nWorkers,
      concurrency: o.concurrency,
      src_addrs: srcAddrs,
      server_pid: pid,
    },
    connect: {
      requested: N,
      established,
      failed: connFailed,
      failures,
      wall_s: r3(connectWallS),
      per_s: r1(established / connectWallS),
      handshake_ms: hs_ms,
      closed_during_run: closedAfterOpen,
    },
    server: S0
      ? {
          rss_before_mib: r1(S0.rssKiB / 1024),
          rss_connected_mib: r1(S1.rssKiB / 1024),
          rss_end_mib: r1(S3.rssKiB / 1024),
          peak_rss_mib: r1(S3.hwmKiB / 1024),
          mem_per_conn_kib: established ? r3((S1.rssKiB - S0.rssKiB) / established) : null,
          cpu_connect_s: r3(srvCpuConnect),
          cpu_per_1k_conns_ms: established ? r3((srvCpuConnect * 1e6) / established) : null,
          cpu_bcast_s: r3(srvCpuBcast),
          cpu_bcast_user_s: r3(S3.userS - S2.userS),
          cpu_bcast_sys_s: r3(S3.systemS - S2.systemS),
          cpu_per_1k_deliveries_ms: received ? r3((srvCpuBcast * 1e6) / received) : null,
          fds: S1.fds,
          threads: S1.threads,
          processes: S1.pids,
        }
      : null,
    system_mem:
      M0 && M1 && established
        ? {
            slab_per_conn_kib: r3((M1.slabKiB - M0.slabKiB) / established),
            used_per_conn_kib: r3((M0.availableKiB - M1.availableKiB) / established),
            note: 'whole machine, both ends of each connection (server + client processes + kernel)',
          }
        : null,
    kernel_tcp_mem_mib: {
      before: K0 ? r1(K0.memKiB / 1024) : null,
      connected: K1 ? r1(K1.memKiB / 1024) : null,
      end: K3 ? r1(K3.memKiB / 1024) : null,
    },
    broadcast: {
      sent: B,
      status: statusCounts,
      post_ms,
      push_wall_s: r3(pushWallS),
      server_reported_sent: srvReported ? srvSent : null,
      server_reported_skipped: srvReported ? srvSkipped : null,
      warmup_complete: warmupOk,
      abandoned: o.mode === 'window' ? abandoned : undefined,
    },
    delivery: {
      expected,
      received,
      lost,
      loss_pct: expected ? r3((100 * lost) / expected) : null,
      duplicates: dups,
      invalid,
      out_of_range: outOfRange,
      misrouted,
      complete_broadcasts: completedMeasured,
      wall_s: r3(bcastWallS),
      per_s: bcastWallS ? Math.round(received / bcastWallS) : null,
      push_per_s: pushWallS ? Math.round(expected / pushWallS) : null,
      latency_ms: lat_ms,
      pings,
    },
    client: {
      cpu_bcast_s: r3(cliCpu),
      workers_user_s: r3(CW3.user - CW2.user),
      workers_sys_s: r3(CW3.system - CW2.system),
      cpu_per_1k_deliveries_ms: received ? r3((cliCpu * 1e6) / received) : null,
    },
    error: aborted || setupError || undefined,
  };
  return result;
}

export function summarize(r) {
  const L = [];
  const c = r.connect,
    s = r.server,
    d = r.delivery,
    b = r.broadcast;
  L.push(
    `== ${r.label || 'run'}: ${r.config.protocol}/${r.config.client} conns=${r.config.conns}${r.config.channels > 1 ? ` channels=${r.config.channels}` : ''}${r.config.ws_ports.length > 1 ? ` ports=${r.config.ws_ports.join(',')}` : ''} broadcasts=${r.config.broadcasts} payload=${r.config.payload_bytes}B mode=${r.config.mode} workers=${r.config.workers}`,
  );
  L.push(
    `connect   : ${c.established}/${c.requested} established, ${c.failed} failed ${Object.keys(c.failures).length ? JSON.stringify(c.failures) : ''} in ${c.wall_s}s (${c.per_s}/s), handshake p50 ${c.handshake_ms.p50} p99 ${c.handshake_ms.p99} max ${c.handshake_ms.max} ms`,
  );
  if (s) {
    L.push(
      `server mem: rss ${s.rss_before_mib} -> ${s.rss_connected_mib} MiB connected -> ${s.rss_end_mib} MiB end (peak ${s.peak_rss_mib}); ${s.mem_per_conn_kib} KiB/conn (user space only; kernel TCP memory system-wide ${r.kernel_tcp_mem_mib.connected} MiB)`,
    );
    if (r.system_mem)
      L.push(
        `system mem: ${r.system_mem.used_per_conn_kib} KiB/conn used machine-wide (kernel slab ${r.system_mem.slab_per_conn_kib} KiB/conn), both ends + client`,
      );
    L.push(
      `server cpu: connect ${s.cpu_connect_s}s (${s.cpu_per_1k_conns_ms} ms/1k conns); broadcast ${s.cpu_bcast_s}s (user ${s.cpu_bcast_user_s} sys ${s.cpu_bcast_sys_s}) = ${s.cpu_per_1k_deliveries_ms} ms per 1k deliveries`,
    );
  }
  L.push(
    `deliveries: ${d.received}/${d.expected} received, lost ${d.lost} (${d.loss_pct}%),${d.misrouted ? ` MISROUTED ${d.misrouted},` : ''} ${d.complete_broadcasts}/${b.sent} broadcasts complete; server says sent ${b.server_reported_sent ?? '?'} skipped ${b.server_reported_skipped ?? '?'}`,
  );
  L.push(
    `throughput: ${d.per_s ?? '?'} deliveries/s over ${d.wall_s}s (server-side push ${d.push_per_s ?? '?'}/s, POST ack p50 ${b.post_ms.p50} p99 ${b.post_ms.p99} ms, status ${JSON.stringify(b.status)})`,
  );
  L.push(
    `latency ms: p50 ${d.latency_ms.p50} p90 ${d.latency_ms.p90} p99 ${d.latency_ms.p99} max ${d.latency_ms.max}`,
  );
  L.push(
    `client cpu: ${r.client.cpu_bcast_s}s (workers user ${r.client.workers_user_s} sys ${r.client.workers_sys_s}) = ${r.client.cpu_per_1k_deliveries_ms} ms per 1k deliveries`,
  );
  if (r.error) L.push(`ERROR: ${r.error}`);
  return L.join('\n');
}

const isMain =
  process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // started by the harness: stop when the process that started us is gone (workers follow:
  // they exit when their IPC channel closes)
  if (process.env.BENCH_PARENT_PID) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) {
        console.error(`[load] parent ${parent} gone, exiting`);
        process.exit(4);
      }
    }, 1000).unref();
  }
  let opt;
  try {
    opt = parseArgs(process.argv.slice(2), LOAD_DEFAULTS);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  try {
    const r = await runLoad(opt);
    const line = JSON.stringify(r);
    if (opt['json-out']) fs.appendFileSync(opt['json-out'], line + '\n');
    process.stderr.write(summarize(r) + '\n');
    process.stdout.write(line + '\n');
    process.exit(r.error ? 2 : 0);
  } catch (e) {
    console.error('[load] failed:', e.stack || e.message);
    process.exit(2);
  }
}
