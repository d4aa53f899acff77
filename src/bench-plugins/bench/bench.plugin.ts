import { Plugin } from '../../sdk/index.js';
import { BenchBroadcastApi } from './bench.api.js';
import { BenchEchoRoute } from './echo.route.js';
import { BenchSocket } from './bench.socket.js';

/**
 * The plugin `npm run bench` measures (bench/README.md). It lives outside src/plugins, so the
 * host loads it only when started with `PLUGINS_DIRS=<repo>/dist/bench-plugins PLUGINS=bench`.
 *
 * - WebSocket: `/plugin-io/ws/bench/<channel>/?api_key=<api-key>`, any channel.
 * - `POST /plugin-io/api/bench/broadcast` (`Authorization: <api-key>`): broadcasts the JSON
 *   body to the channel its `channel` field names, answers 202.
 * - `POST /plugin-io/api/bench/echo`: answers the parsed JSON body.
 */
@Plugin({
  name: 'bench',
  handlers: [BenchSocket, BenchBroadcastApi, BenchEchoRoute],
  secrets: ['api-key'],
})
export class BenchPlugin {}
