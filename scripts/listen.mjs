#!/usr/bin/env node
// Listens on a plugin-io WebSocket channel and prints every broadcast as one JSON line.
//
//   npm run listen -- ws://127.0.0.1:3000/plugin-io/ws/notifications/notifications/?api_key=KEY
//   npm run listen -- --plugin notifications --channel notifications --api-key KEY
//
// stdout carries one JSON object per message: {"time": "<ISO 8601>", "message": <message>}.
// stderr carries status lines (connected, refused, closed), so stdout can be piped to jq.
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const DEFAULT_HOST = '127.0.0.1:3000';
/** How long Ctrl-C waits for the close handshake before giving up. */
const CLOSE_GRACE_MS = 1000;

/** Exit codes. */
const EXIT = {
  /** Closed by Ctrl-C, or the server closed normally (1000). */
  ok: 0,
  /** The connection failed or the server closed it with any other code. */
  closed: 1,
  /** Bad command line. */
  usage: 2,
  /** The server refused the upgrade (403, 404, 400, 503…). */
  refused: 3,
};

const USAGE = `Usage:
  npm run listen -- <ws-url> [--api-key KEY] [--cookie COOKIE]
  npm run listen -- --plugin NAME --channel NAME [--host HOST:PORT] [--secure]
                    [--api-key KEY] [--cookie COOKIE]

  <ws-url>          ws://host:port/plugin-io/ws/<plugin>/<channel>/ (may carry ?api_key=KEY)
  --plugin, -p      plugin name, with --channel instead of a URL
  --channel, -c     channel name (percent-encoded for you)
  --host            host and port for --plugin/--channel (default ${DEFAULT_HOST})
  --secure          use wss:// for --plugin/--channel
  --api-key, -k     API key, sent as the api_key query parameter
  --cookie          Cookie header, e.g. "session=<jwt>" (a bare token becomes session=<token>)
  --help, -h        this text

Prints one JSON line per message on stdout: {"time": "...", "message": ...}.
Exit codes: 0 Ctrl-C or normal close, 1 connection lost or closed with another code,
2 bad usage, 3 upgrade refused.`;

function fail(message) {
  process.stderr.write(`listen: ${message}\n\n${USAGE}\n`);
  process.exit(EXIT.usage);
}

function parseCommandLine(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        plugin: { type: 'string', short: 'p' },
        channel: { type: 'string', short: 'c' },
        host: { type: 'string', default: DEFAULT_HOST },
        secure: { type: 'boolean', default: false },
        'api-key': { type: 'string', short: 'k' },
        cookie: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(error.message);
  }
}

/** The URL to connect to, from a positional URL or from --plugin/--channel. */
function buildUrl({ values, positionals }) {
  if (positionals.length > 1) {
    fail('give one URL');
  }
  let url;
  if (positionals.length === 1) {
    if (values.plugin !== undefined || values.channel !== undefined) {
      fail('give either a URL or --plugin and --channel, not both');
    }
    try {
      url = new URL(positionals[0]);
    } catch {
      fail(`not a URL: ${positionals[0]}`);
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      fail(`the URL must start with ws:// or wss://, not ${url.protocol}//`);
    }
  } else {
    if (values.plugin === undefined || values.channel === undefined) {
      fail('give a ws:// URL, or both --plugin and --channel');
    }
    const scheme = values.secure ? 'wss' : 'ws';
    const path = `/plugin-io/ws/${encodeURIComponent(values.plugin)}/${encodeURIComponent(values.channel)}/`;
    url = new URL(`${scheme}://${values.host}${path}`);
  }
  if (values['api-key'] !== undefined) {
    url.searchParams.set('api_key', values['api-key']);
  }
  return url;
}

function buildHeaders(values) {
  if (values.cookie === undefined) {
    return {};
  }
  const cookie = values.cookie.includes('=') ? values.cookie : `session=${values.cookie}`;
  return { Cookie: cookie };
}

/** The URL as printed: the API key never appears on screen or in logs. */
function redact(url) {
  const shown = new URL(url);
  if (shown.searchParams.has('api_key')) {
    shown.searchParams.set('api_key', '***');
  }
  return shown.toString();
}

function status(line) {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

/** One stdout line per frame: the `.message` of `{"message": …}`, else the raw text. */
function printFrame(data, isBinary) {
  const time = new Date().toISOString();
  process.stdout.write(`${JSON.stringify(describeFrame(time, data, isBinary))}\n`);
}

function describeFrame(time, data, isBinary) {
  if (isBinary) {
    return { time, binary: data.toString('base64') };
  }
  const text = data.toString();
  try {
    const parsed = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && 'message' in parsed) {
      return { time, message: parsed.message };
    }
  } catch {
    // Not JSON: printed raw below.
  }
  return { time, raw: text };
}

function readBody(res) {
  return new Promise((resolve) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    res.on('error', () => resolve(Buffer.concat(chunks).toString()));
  });
}

function listen(url, headers) {
  const ws = new WebSocket(url, { headers });
  let opened = false;
  let refused = false;
  let stopping = false;

  ws.on('open', () => {
    opened = true;
    status(`connected to ${redact(url)}`);
  });
  ws.on('message', printFrame);
  ws.on('unexpected-response', (_req, res) => {
    refused = true;
    void readBody(res).then((body) => {
      const text = body === '' ? '(empty body)' : JSON.stringify(body);
      status(`refused: HTTP ${res.statusCode} ${res.statusMessage ?? ''} ${text}`.trim());
      process.exit(EXIT.refused);
    });
  });
  ws.on('error', (error) => {
    if (!refused) {
      status(`error: ${error.message}`);
    }
  });
  ws.on('close', (code, reason) => {
    if (refused) {
      return;
    }
    if (!opened) {
      process.exit(EXIT.closed);
    }
    const why = reason.length > 0 ? reason.toString() : code === 1006 ? '(connection lost)' : '';
    status(`closed: ${code} ${why}`.trim());
    process.exit(stopping || code === 1000 ? EXIT.ok : EXIT.closed);
  });

  const stop = () => {
    if (stopping) {
      process.exit(EXIT.ok);
    }
    stopping = true;
    if (ws.readyState === WebSocket.OPEN) {
      ws.close(1000, 'listener stopped');
      setTimeout(() => process.exit(EXIT.ok), CLOSE_GRACE_MS).unref();
    } else {
      process.exit(EXIT.ok);
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const args = parseCommandLine(process.argv.slice(2));
if (args.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(EXIT.ok);
}
listen(buildUrl(args), buildHeaders(args.values));
