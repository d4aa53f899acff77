// Load client worker (a child process of load.mjs; one of several so that the client
// side spreads over cores and each process stays under the per-process fd limit).
// Opens its share of the connections, records the arrival latency of every broadcast
// message (now - sent, both as performance.timeOrigin + performance.now()), and
// reports to the parent over IPC.
import net from 'node:net';
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Hist } from './lib/hist.mjs';
import { assertLoopback } from './lib/safety.mjs';

if (!process.send) {
  console.error('load-worker.mjs is started by load.mjs');
  process.exit(2);
}

const T0 = performance.timeOrigin;
const nowMs = () => T0 + performance.now(); // shared clock across processes (epoch ms)

let cfg; // set by 'init'
let totalSeq = 0; // warmup + measured
let recv; // Uint32Array per seq
let openByCh; // Uint32Array per channel: open connections of this worker
let chanOf; // target channel of each seq
let doneSent; // Uint8Array per seq
const lat = new Hist(); // us, measured seqs only
const connHist = new Hist(); // us
const failures = Object.create(null);
let connected = 0,
  failed = 0,
  open = 0,
  inflight = 0,
  started = 0,
  closedAfterOpen = 0;
let received = 0,
  receivedMeasured = 0,
  invalid = 0,
  outOfRange = 0,
  dups = 0,
  pings = 0,
  misrouted = 0;
let firstArrival = 0,
  lastArrival = 0;
const conns = [];
let connectPhaseDone = false;
let closing = false;

const SENT_KEY = Buffer.from('"sent":');
const SEQ_KEY = Buffer.from('"seq":');

function countFailure(reason) {
  failed++;
  failures[reason] = (failures[reason] || 0) + 1;
}

// --- message handling (shared by every client implementation) ---------------------
function readNumber(buf, i, end) {
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  let v = 0,
    digits = 0;
  while (i < end) {
    const c = buf[i];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
    digits++;
  }
  if (i < end && buf[i] === 46) {
    i++;
    let f = 0,
      d = 1;
    while (i < end) {
      const c = buf[i];
      if (c < 48 || c > 57) break;
      f = f * 10 + (c - 48);
      d *= 10;
      i++;
    }
    v += f / d;
  }
  if (!digits) return NaN;
  return neg ? -v : v;
}

// buf[start:end] is one text message (JSON body, or socket.io's 42["message",{...}]) received
// by a client of channel index ch
function onMessage(buf, start, end, now, ch) {
  let k = buf.indexOf(SEQ_KEY, start);
  if (k < 0 || k >= end) {
    invalid++;
    return;
  }
  const seq = readNumber(buf, k + SEQ_KEY.length, end);
  k = buf.indexOf(SENT_KEY, start);
  if (k < 0 || k >= end) {
    invalid++;
    return;
  }
  const sent = readNumber(buf, k + SENT_KEY.length, end);
  record(seq, sent, now, ch);
}

// full JSON.parse variant (--parse json) and socket.io-client objects
function onObject(obj, now, ch) {
  if (obj && typeof obj.message === 'object' && obj.message !== null && !('seq' in obj))
    obj = obj.message; // plugin-io wraps: {"message": …}
  if (!obj || typeof obj.seq !== 'number' || typeof obj.sent !== 'number') {
    invalid++;
    return;
  }
  record(obj.seq, obj.sent, now, ch);
}

function record(seq, sent, now, ch) {
  if (!(seq >= 0 && seq < totalSeq) || seq !== (seq | 0) || !Number.isFinite(sent)) {
    outOfRange++;
    return;
  }
  const target = chanOf[seq];
  if (ch !== target) {
    misrouted++;
    return;
  } // sent to a client of another channel: a server bug
  received++;
  const c = ++recv[seq];
  const want = openByCh[target];
  if (c > want) {
    dups++;
  }
  if (seq >= cfg.warmup) {
    receivedMeasured++;
    lat.add((now - sent) * 1000);
    if (!firstArrival) firstArrival = now;
    lastArrival = now;
  }
  if (c === want && !doneSent[seq]) {
    doneSent[seq] = 1;
    process.send({ t: 'done', seq });
  }
}

function recheckDone() {
  for (let s = 0; s < totalSeq; s++) {
    if (!doneSent[s] && recv[s] > 0 && recv[s] >= openByCh[chanOf[s]]) {
      doneSent[s] = 1;
      process.send({ t: 'done', seq: s });
    }
  }
}

// --- raw client: minimal RFC 6455 client on net.Socket ----------------------------
// Cheaper per message than the ws library (one JS call per TCP read, frames parsed in
// place, no per-message Buffer or event), so the client disturbs the measurement less.
const HS_END = Buffer.from('\r\n\r\n');
const WS_KEY = crypto.randomBytes(16).toString('base64');
const WS_ACCEPT = crypto
  .createHash('sha1')
  .update(WS_KEY + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
  .digest('base64');

function clientFrame(opcode, payload) {
  const n = payload.length; // control / tiny frames only (< 126 bytes)
  const f = Buffer.allocUnsafe(6 + n);
  f[0] = 0x80 | opcode;
  f[1] = 0x80 | n;
  crypto.randomFillSync(f, 2, 4);
  for (let i = 0; i < n; i++) f[6 + i] = payload[i] ^ f[2 + (i & 3)];
  return f;
}
const READ_BUF = Buffer.allocUnsafe(256 * 1024);
const SIO_CONNECT = Buffer.from('40');
const SIO_PONG = Buffer.from('3');

// connection idx -> channel index and server port: the clients of each channel spread over the ports
const chOf = (idx) => idx % cfg.channels;
const portIdxOf = (idx) => Math.floor(idx / cfg.channels) % cfg.ports.length;
const handshakes = new Map(); // channel * nPorts + port index -> upgrade request bytes

function handshakeOf(ch, pi) {
  const k = ch * cfg.ports.length + pi;
  let h = handshakes.get(k);
  if (!h) {
    h = Buffer.from(
      `GET ${cfg.protocol === 'ws' ? cfg.wsPaths[ch] : cfg.sioFullPaths[ch]} HTTP/1.1\r\n` +
        `Host: ${cfg.hostHeaders[pi]}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${WS_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      'latin1',
    );
    handshakes.set(k, h);
  }
  return h;
}

class RawConn {
  constructor(idx) {
    this.idx = idx;
    this.ch = chOf(idx);
    this.pi = portIdxOf(idx);
    this.state = 0; // 0 connecting/handshake, 1 sio-handshake, 2 open, 3 closed
    this.hs = null;
    this.pending = null;
    this.frag = null;
    this.sock = null;
    this.timer = null;
  }
  start() {
    this.t0 = performance.now();
    const addr = cfg.localAddrs[this.idx % cfg.localAddrs.length];
    // onread: libuv reads into one shared buffer and calls us directly, skipping the
    // stream machinery ('data' events); whatever must outlive the call is copied.
    const s = net.connect({
      host: cfg.host,
      port: cfg.ports[this.pi],
      localAddress: addr === cfg.host ? undefined : addr,
      noDelay: true,
      onread: {
        buffer: READ_BUF,
        callback: (n, buf) => {
          this.onData(buf.subarray(0, n), true);
        },
      },
    });
    this.sock = s;
    this.timer = setTimeout(() => this.fail('timeout'), cfg.connectTimeout);
    s.on('connect', () => s.write(handshakeOf(this.ch, this.pi)));
    s.on('error', (e) => this.fail(e.code || 'error'));
    s.on('close', () => this.onClose());
  }
  fail(reason) {
    if (this.state === 3) return;
    if (this.state === 2) {
      this.sock.destroy();
      return;
    } // 'close' does the accounting
    this.state = 3;
    clearTimeout(this.timer);
    this.sock.destroy();
    countFailure(reason);
    attemptFinished();
  }
  opened() {
    this.state = 2;
    clearTimeout(this.timer);
    connected++;
    open++;
    openByCh[this.ch]++;
    connHist.add((performance.now() - this.t0) * 1000);
    attemptFinished();
  }
  onClose() {
    if (this.state === 2) {
      this.state = 3;
      open--;
      openByCh[this.ch]--;
      closedAfterOpen++;
      if (!closing) recheckDone();
    } else if (this.state !== 3) this.fail('closed');
  }
  onData(chunk, shared) {
    if (this.state === 0) {
      this.hs = this.hs ? Buffer.concat([this.hs, chunk]) : Buffer.from(chunk);
      const e = this.hs.indexOf(HS_END);
      if (e < 0) {
        if (this.hs.length > 16384) this.fail('bad handshake');
        return;
      }
      const head = this.hs.latin1Slice(0, e);
      const rest = this.hs.subarray(e + 4);
      this.hs = null;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (!m || m[1] !== '101') return this.fail('http ' + (m ? m[1] : '???'));
      if (!head.includes(WS_ACCEPT)) return this.fail('bad accept');
      if (cfg.protocol === 'ws') this.opened();
      else this.state = 1;
      if (rest.length) this.onFrames(rest);
      return;
    }
    this.onFrames(chunk);
  }
  onFrames(chunk) {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    const len = buf.length;
    let i = 0;
    let now = 0;
    while (len - i >= 2) {
      const b0 = buf[i],
        b1 = buf[i + 1];
      let plen = b1 & 0x7f,
        hdr = 2;
      if (plen === 126) {
        if (len - i < 4) break;
        plen = buf.readUInt16BE(i + 2);
        hdr = 4;
      } else if (plen === 127) {
        if (len - i < 10) break;
        plen = buf.readUInt32BE(i + 2) * 4294967296 + buf.readUInt32BE(i + 6);
        hdr = 10;
      }
      if (b1 & 0x80) {
        this.fail('masked server frame');
        return;
      }
      if (len - i < hdr + plen) break;
      const start = i + hdr,
        end = start + plen;
      i = end;
      const op = b0 & 0x0f;
      if (op >= 8) {
        this.onControl(op, buf, start, end);
        continue;
      }
      if (!(b0 & 0x80) || op === 0) {
        // fragmented message (servers here never do it, but be correct)
        this.frag = this.frag
          ? Buffer.concat([this.frag, buf.subarray(start, end)])
          : Buffer.from(buf.subarray(start, end));
        if (!(b0 & 0x80)) continue;
        const whole = this.frag;
        this.frag = null;
        if (!now) now = nowMs();
        this.onText(whole, 0, whole.length, now);
        continue;
      }
      if (!now) now = nowMs();
      this.onText(buf, start, end, now);
    }
    // keep an incomplete frame for the next read (copied: the read buffer is reused)
    if (i < len) this.pending = Buffer.from(buf.subarray(i));
  }
  onControl(op, buf, start, end) {
    if (op === 9) {
      pings++;
      this.sock.write(clientFrame(10, buf.subarray(start, end)));
    } else if (op === 8) {
      if (this.state === 2 || this.state === 1)
        this.sock.end(clientFrame(8, buf.subarray(start, Math.min(end, start + 2))));
    }
  }
  onText(buf, start, end, now) {
    if (cfg.protocol === 'ws') {
      if (cfg.parse === 'json')
        onObject(JSON.parse(buf.toString('utf8', start, end)), now, this.ch);
      else onMessage(buf, start, end, now, this.ch);
      return;
    }
    // socket.io over engine.io v4 over WebSocket
    const c0 = buf[start];
    if (c0 === 52 /* '4' message */) {
      const c1 = buf[start + 1];
      if (c1 === 50 /* '2' EVENT */) {
        if (cfg.parse === 'json') {
          const a = JSON.parse(buf.toString('utf8', start + 2, end));
          onObject(a[1], now, this.ch);
        } else onMessage(buf, start, end, now, this.ch);
      } else if (c1 === 48 /* '0' CONNECT ack */) {
        if (this.state === 1) this.opened();
      } else if (c1 === 52 /* '4' CONNECT_ERROR */) {
        this.fail('sio connect_error');
      }
    } else if (c0 === 50 /* '2' ping */) {
      pings++;
      this.sock.write(clientFrame(1, SIO_PONG));
    } else if (c0 === 48 /* '0' open */) {
      this.sock.write(clientFrame(1, SIO_CONNECT));
    } else if (c0 === 49 /* '1' close */) {
      this.sock.destroy();
    }
  }
  close() {
    clearTimeout(this.timer);
    if (this.sock && !this.sock.destroyed) {
      // RST instead of FIN: leaves no TIME_WAIT sockets behind on the client's ports
      if (typeof this.sock.resetAndDestroy === 'function' && this.sock._handle)
        this.sock.resetAndDestroy();
      else this.sock.destroy();
    }
  }
}

// --- library clients: ws / socket.io-client ----------------------------------------
let WebSocketLib = null,
  ioLib = null;

class LibWsConn {
  constructor(idx) {
    this.idx = idx;
    this.ch = chOf(idx);
    this.pi = portIdxOf(idx);
    this.state = 0;
  }
  start() {
    this.t0 = performance.now();
    const addr = cfg.localAddrs[this.idx % cfg.localAddrs.length];
    const ws = new WebSocketLib(`ws://${cfg.hostHeaders[this.pi]}${cfg.wsPaths[this.ch]}`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: cfg.connectTimeout,
      localAddress: addr === cfg.host ? undefined : addr,
      maxPayload: 64 * 1024 * 1024,
    });
    this.ws = ws;
    ws.on('open', () => {
      this.state = 2;
      connected++;
      open++;
      openByCh[this.ch]++;
      connHist.add((performance.now() - this.t0) * 1000);
      attemptFinished();
    });
    ws.on('message', (data) => {
      const now = nowMs();
      if (cfg.parse === 'json') onObject(JSON.parse(data), now, this.ch);
      else onMessage(data, 0, data.length, now, this.ch);
    });
    ws.on('unexpected-response', (req, res) => {
      this.fail('http ' + res.statusCode);
      req.destroy();
    });
    ws.on('error', (e) => this.fail(e.code || (/timeout/i.test(e.message) ? 'timeout' : 'error')));
    ws.on('close', () => {
      if (this.state === 2) {
        this.state = 3;
        open--;
        openByCh[this.ch]--;
        closedAfterOpen++;
        if (!closing) recheckDone();
      } else this.fail('closed');
    });
  }
  fail(reason) {
    if (this.state !== 0) return;
    this.state = 3;
    countFailure(reason);
    attemptFinished();
    try {
      this.ws.terminate();
    } catch {}
  }
  close() {
    const s = this.ws && this.ws._socket;
    if (s && typeof s.resetAndDestroy === 'function' && s._handle) s.resetAndDestroy();
    else
      try {
        this.ws.terminate();
      } catch {}
  }
}

class LibSioConn {
  constructor(idx) {
    this.idx = idx;
    this.ch = chOf(idx);
    this.pi = portIdxOf(idx);
    this.state = 0;
  }
  start() {
    this.t0 = performance.now();
    const addr = cfg.localAddrs[this.idx % cfg.localAddrs.length];
    const s = ioLib(`http://${cfg.hostHeaders[this.pi]}`, {
      path: cfg.sioPath,
      query: cfg.sioQueries[this.ch],
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: cfg.connectTimeout,
      perMessageDeflate: false,
      localAddress: addr === cfg.host ? undefined : addr,
    });
    this.s = s;
    s.on('connect', () => {
      if (this.state) return;
      this.state = 2;
      connected++;
      open++;
      openByCh[this.ch]++;
      connHist.add((performance.now() - this.t0) * 1000);
      attemptFinished();
    });
    s.on('message', (obj) => onObject(obj, nowMs(), this.ch));
    s.on('connect_error', (e) =>
      this.fail(
        /timeout/i.test(e.message) ? 'timeout' : 'sio ' + (e.description?.code || e.message),
      ),
    );
    s.on('disconnect', () => {
      if (this.state === 2) {
        this.state = 3;
        open--;
        openByCh[this.ch]--;
        closedAfterOpen++;
        if (!closing) recheckDone();
      }
    });
  }
  fail(reason) {
    if (this.state !== 0) return;
    this.state = 3;
    countFailure(reason);
    attemptFinished();
    try {
      this.s.close();
    } catch {}
  }
  close() {
    const ws = this.s?.io?.engine?.transport?.ws;
    const sock = ws && ws._socket;
    if (sock && typeof sock.resetAndDestroy === 'function' && sock._handle) sock.resetAndDestroy();
    else
      try {
        this.s.close();
      } catch {}
  }
}

// --- connect ramp ------------------------------------------------------------------
let nextIdx = 0;
let connectStart = 0,
  connectEnd = 0;

function launch() {
  while (inflight < cfg.concurrency && nextIdx < cfg.count) {
    const idx = cfg.indexBase + nextIdx++;
    let c;
    if (cfg.client === 'raw') c = new RawConn(idx);
    else if (cfg.protocol === 'ws') c = new LibWsConn(idx);
    else c = new LibSioConn(idx);
    conns.push(c);
    inflight++;
    started++;
    try {
      c.start();
    } catch (e) {
      c.state = 3;
      countFailure(e.code || 'start error');
      attemptFinished();
    }
  }
}

function attemptFinished() {
  inflight--;
  if (!connectPhaseDone) {
    if (nextIdx < cfg.count) setImmediate(launch);
    else if (inflight === 0) {
      connectPhaseDone = true;
      connectEnd = performance.now();
      process.send({ t: 'connected', ...connectStats() });
    }
  }
}

function connectStats() {
  return {
    connected,
    failed,
    open,
    openByCh: Array.from(openByCh),
    failures,
    connect_s: ((connectEnd || performance.now()) - connectStart) / 1000,
    handshake: connHist.toJSON(),
  };
}

// --- IPC -----------------------------------------------------------------------------
let progressTimer = null;
process.on('message', async (m) => {
  if (m.t === 'init') {
    cfg = m.cfg;
    assertLoopback(cfg.host);
    for (const a of cfg.localAddrs) assertLoopback(a);
    totalSeq = cfg.warmup + cfg.broadcasts;
    recv = new Uint32Array(totalSeq);
    openByCh = new Uint32Array(cfg.channels);
    chanOf = Uint32Array.from(cfg.chanOf);
    doneSent = new Uint8Array(totalSeq);
    if (cfg.client === 'lib') {
      if (cfg.protocol === 'ws') WebSocketLib = (await import('ws')).WebSocket;
      else ioLib = (await import('socket.io-client')).io;
    }
    process.send({ t: 'ready' });
  } else if (m.t === 'connect') {
    connectStart = performance.now();
    progressTimer = setInterval(
      () => process.send({ t: 'progress', connected, failed, inflight, open, received }),
      250,
    );
    if (cfg.count === 0) {
      connectPhaseDone = true;
      process.send({ t: 'connected', ...connectStats() });
      return;
    }
    launch();
  } else if (m.t === 'report') {
    process.send({
      t: 'report',
      id: cfg.id,
      connected,
      failed,
      open,
      closedAfterOpen,
      received,
      receivedMeasured,
      invalid,
      outOfRange,
      dups,
      misrouted,
      pings,
      firstArrival,
      lastArrival,
      latency: lat.toJSON(),
      cpu: process.cpuUsage(),
      recvBySeq: Array.from(recv),
    });
  } else if (m.t === 'close') {
    closing = true;
    clearInterval(progressTimer);
    for (const c of conns) {
      try {
        c.close();
      } catch {}
    }
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0)); // parent gone
// hard bound on our own lifetime
setTimeout(
  () => process.exit(5),
  Number(process.env.BENCH_WORKER_MAX_SECONDS || 1800) * 1000,
).unref();
