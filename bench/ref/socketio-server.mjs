#!/usr/bin/env node
// Same behaviour as ws-server.mjs, written with socket.io rooms (a common alternative).
//
//   socket.io (websocket transport only):
//     ws://HOST:PORT/plugin-io/socket.io/?EIO=4&transport=websocket&plugin=<p>&channel=<c>&api_key=<key>
//     -> joins room <plugin>/<channel>; broadcasts arrive as event "message" (42["message",{...}])
//   POST http://HOST:PORT/plugin-io/api/<plugin>/<route>  (same as ws-server.mjs)
//     -> io.to(room).except(slowSocketIds).emit('message', body); answers 202 {"sent":n,"skipped":k}
//
// socket.io's in-memory adapter encodes a broadcast once and (socket.io-adapter >= 2.5)
// pre-builds the WebSocket frame once (wsPreEncodedFrame), so this is socket.io at its best.
// Slow clients (underlying ws bufferedAmount > --max-buffered) are excluded like in ws-server.mjs;
// --no-skip-slow emits to the whole room without that O(room) pre-scan.
import http from 'node:http';
import { Server } from 'socket.io';
import { parseArgs } from '../lib/args.mjs';
import { installWatchdog, assertLoopback } from '../lib/safety.mjs';

const opt = parseArgs(process.argv.slice(2), {
  port: Number(process.env.PORT || 8787),
  host: '127.0.0.1',
  'api-key': process.env.API_KEY || 'bench-key',
  plugins: 'bench',
  route: 'broadcast',
  path: '/plugin-io/socket.io',
  'max-buffered': 1 << 20,
  'skip-slow': true,
  'max-body': 1 << 20,
  backlog: 4096,
  'max-seconds': Number(process.env.BENCH_MAX_SECONDS || 3600),
  quiet: false,
});
assertLoopback(opt.host);
installWatchdog({ maxSeconds: opt['max-seconds'], name: 'socketio-server' });

const API_KEY = opt['api-key'];
const PLUGINS = opt.plugins === '*' ? null : new Set(opt.plugins.split(','));
const MAX_BUFFERED = opt['max-buffered'];
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const POST_RE =
  /^\/plugin-io\/api\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/?$/;
const room = (plugin, channel) => plugin + '/' + channel;

const httpServer = http.createServer(onRequest);
httpServer.keepAliveTimeout = 30_000;

const io = new Server(httpServer, {
  path: opt.path,
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 64 * 1024,
  // validate before the WebSocket upgrade, like ws-server.mjs does
  allowRequest: (req, cb) => {
    const q = req.url.indexOf('?');
    const p = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
    const plugin = p.get('plugin'),
      channel = p.get('channel');
    if (!plugin || !channel || !NAME_RE.test(plugin) || !NAME_RE.test(channel))
      return cb('bad plugin/channel', false);
    if (PLUGINS && !PLUGINS.has(plugin)) return cb('unknown plugin', false);
    if (p.get('api_key') !== API_KEY) return cb('unauthorized', false);
    cb(null, true);
  },
});

const nsp = io.of('/');
nsp.on('connection', (socket) => {
  const q = socket.handshake.query;
  socket.join(room(q.plugin, q.channel));
});

function fanOut(plugin, channel, msg) {
  const r = room(plugin, channel);
  const ids = nsp.adapter.rooms.get(r);
  if (!ids || ids.size === 0) return { sent: 0, skipped: 0 };
  let op = io.to(r);
  let skipped = 0;
  if (opt['skip-slow']) {
    let slow = null;
    for (const id of ids) {
      const s = nsp.sockets.get(id);
      const ws = s && s.conn.transport && s.conn.transport.socket;
      if (ws && ws.bufferedAmount > MAX_BUFFERED) (slow ||= []).push(id);
    }
    if (slow) {
      op = op.except(slow);
      skipped = slow.length;
    }
  }
  op.emit('message', msg);
  return { sent: ids.size - skipped, skipped };
}

function reply(res, code, obj) {
  const body = obj === undefined ? '' : JSON.stringify(obj);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function onRequest(req, res) {
  // socket.io answers its own path itself (it registers its listener first)
  if (req.url.startsWith(opt.path + '/')) return;
  const q = req.url.indexOf('?');
  const m = POST_RE.exec(q < 0 ? req.url : req.url.slice(0, q));
  if (!m) return reply(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return reply(res, 405, { error: 'method not allowed' });
  const [, plugin, route] = m;
  if ((PLUGINS && !PLUGINS.has(plugin)) || route !== opt.route)
    return reply(res, 404, { error: 'not found' });
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > opt['max-body']) {
      reply(res, 413, { error: 'body too large' });
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    let msg;
    try {
      msg = JSON.parse(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    } catch {
      return reply(res, 400, { error: 'invalid JSON' });
    }
    if (!msg || typeof msg.channel !== 'string')
      return reply(res, 400, { error: 'body.channel must be a string' });
    reply(res, 202, fanOut(plugin, msg.channel, msg));
  });
}

let acceptErrors = 0;
httpServer.on('error', (e) => {
  if (!httpServer.listening) throw e;
  if (acceptErrors++ % 1000 === 0)
    console.error(`[socketio-server] ${e.code || e.message} (x${acceptErrors})`);
});
httpServer.listen({ port: opt.port, host: opt.host, backlog: opt.backlog }, () => {
  if (!opt.quiet)
    console.error(
      `[socketio-server] pid ${process.pid} listening on ${opt.host}:${opt.port} path=${opt.path}`,
    );
});
