#!/usr/bin/env node
// Reference "physical limit" WebSocket fan-out server for Node: node:http + ws (noServer).
//
//   WS   ws://HOST:PORT/plugin-io/ws/<plugin>/<channel>/?api_key=<key>
//   POST http://HOST:PORT/plugin-io/api/<plugin>/<route>   body: JSON with "channel"
//        -> the body is serialised once and sent as one text frame to every socket
//           of <plugin>/<channel>; answers 202 {"sent":n,"skipped":k} after the loop.
//
// --send frame   (default) build the complete WebSocket frame once with ws's Sender.frame
//                and write that same Buffer to each raw socket (one write per client).
// --send buffer  ws.send(sameBuffer, {binary:false}) per client (ws builds a 2..10-byte
//                header per client and writes header+payload with cork/uncork).
// --send string  ws.send(sameString) per client (UTF-8 encoded again per client).
// Clients whose bufferedAmount exceeds --max-buffered bytes are skipped for that message.
import http from 'node:http';
import { WebSocketServer, WebSocket, Sender } from 'ws';
import { parseArgs } from '../lib/args.mjs';
import { installWatchdog, assertLoopback } from '../lib/safety.mjs';

const opt = parseArgs(process.argv.slice(2), {
  port: Number(process.env.PORT || 8787),
  host: '127.0.0.1',
  'api-key': process.env.API_KEY || 'bench-key',
  plugins: 'bench', // comma list of accepted plugin names, or '*' for any
  route: 'broadcast',
  send: 'frame',
  'max-buffered': 1 << 20,
  'max-body': 1 << 20,
  backlog: 4096,
  'max-seconds': Number(process.env.BENCH_MAX_SECONDS || 3600),
  quiet: false,
});
if (!['frame', 'buffer', 'string'].includes(opt.send))
  throw new Error('--send must be frame|buffer|string');
assertLoopback(opt.host);
installWatchdog({ maxSeconds: opt['max-seconds'], name: 'ws-server' });

const API_KEY = opt['api-key'];
const PLUGINS = opt.plugins === '*' ? null : new Set(opt.plugins.split(','));
const MAX_BUFFERED = opt['max-buffered'];
const NAME = '[A-Za-z0-9][A-Za-z0-9_.-]{0,63}';
const WS_RE = new RegExp(`^/plugin-io/ws/(${NAME})/(${NAME})/?$`);
const POST_RE = new RegExp(`^/plugin-io/api/(${NAME})/(${NAME})/?$`);

/** @type {Map<string, Set<WebSocket>>} key: plugin + '\0' + channel */
const channels = new Map();
const chanKey = (plugin, channel) => plugin + '\0' + channel;

const wss = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  maxPayload: 64 * 1024,
  skipUTF8Validation: true,
});

function reject(socket, code, text) {
  socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

const server = http.createServer(onRequest);
server.keepAliveTimeout = 30_000;
server.headersTimeout = 35_000;

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const m = WS_RE.exec(path);
  if (!m) return reject(socket, 404, 'Not Found');
  const [, plugin, channel] = m;
  if (PLUGINS && !PLUGINS.has(plugin)) return reject(socket, 404, 'Not Found');
  const key = q < 0 ? null : new URLSearchParams(req.url.slice(q + 1)).get('api_key');
  if (key !== API_KEY) return reject(socket, 401, 'Unauthorized');
  wss.handleUpgrade(req, socket, head, (ws) => {
    const k = chanKey(plugin, channel);
    let set = channels.get(k);
    if (!set) channels.set(k, (set = new Set()));
    set.add(ws);
    ws.on('error', () => {});
    ws.on('close', () => {
      set.delete(ws);
      if (set.size === 0 && channels.get(k) === set) channels.delete(k);
    });
  });
});

const SEND_TEXT = { binary: false };

function fanOut(plugin, channelName, msg) {
  const set = channels.get(chanKey(plugin, channelName));
  if (!set || set.size === 0) return { sent: 0, skipped: 0 };
  let sent = 0,
    skipped = 0;
  const text = JSON.stringify(msg); // serialised once
  if (opt.send === 'frame') {
    const data = Buffer.from(text);
    const list = Sender.frame(data, {
      fin: true,
      rsv1: false,
      opcode: 1,
      mask: false,
      readOnly: false,
    });
    const frame = list.length === 1 ? list[0] : Buffer.concat(list);
    for (const ws of set) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        skipped++;
        continue;
      }
      ws._socket.write(frame); // same prepared frame for everyone; perMessageDeflate is off
      sent++;
    }
  } else if (opt.send === 'buffer') {
    const data = Buffer.from(text);
    for (const ws of set) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        skipped++;
        continue;
      }
      ws.send(data, SEND_TEXT);
      sent++;
    }
  } else {
    for (const ws of set) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        skipped++;
        continue;
      }
      ws.send(text);
      sent++;
    }
  }
  return { sent, skipped };
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
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const m = POST_RE.exec(path);
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

// accept() errors (EMFILE at the fd limit) must not kill the process
let acceptErrors = 0;
server.on('error', (e) => {
  if (!server.listening) throw e;
  if (acceptErrors++ % 1000 === 0)
    console.error(`[ws-server] ${e.code || e.message} (x${acceptErrors})`);
});
server.listen({ port: opt.port, host: opt.host, backlog: opt.backlog }, () => {
  if (!opt.quiet)
    console.error(
      `[ws-server] pid ${process.pid} listening on ${opt.host}:${opt.port} send=${opt.send} max-buffered=${MAX_BUFFERED}`,
    );
});
