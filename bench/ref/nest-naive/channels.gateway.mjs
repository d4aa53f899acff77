// @WebSocketGateway({ path: '/plugin-io/ws' })
// export class ChannelsGateway implements OnGatewayConnection, OnGatewayDisconnect {
//   private readonly channels = new Map<string, Set<WebSocket>>();
//   handleConnection(client: WebSocket, req: IncomingMessage) { ... }
//   handleDisconnect(client: WebSocket) { ... }
//   broadcast(plugin: string, channel: string, message: unknown): number {
//     for (const client of this.channels.get(...) ?? []) client.send(JSON.stringify(message));
//   }
// }
import { WebSocketGateway } from '@nestjs/websockets';
import { Logger } from '@nestjs/common';
import { decorate } from './decorate.mjs';

export const WS_PATH = '/plugin-io/ws';
const PATH_RE =
  /^\/plugin-io\/ws\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/?$/;
const OPEN = 1;

export class ChannelsGateway {
  logger = new Logger('ChannelsGateway');
  channels = new Map(); // `${plugin}/${channel}` -> Set<WebSocket>
  meta = new WeakMap(); // client -> key

  handleConnection(client, req) {
    const url = new URL(req.url, 'http://localhost');
    const m = PATH_RE.exec(url.pathname);
    const apiKey = process.env.API_KEY || 'bench-key';
    const plugins = (process.env.PLUGINS || 'bench').split(',');
    if (!m || !plugins.includes(m[1]) || url.searchParams.get('api_key') !== apiKey) {
      client.close(1008, 'unauthorized');
      return;
    }
    const key = `${m[1]}/${m[2]}`;
    let set = this.channels.get(key);
    if (!set) this.channels.set(key, (set = new Set()));
    set.add(client);
    this.meta.set(client, key);
  }

  handleDisconnect(client) {
    const key = this.meta.get(client);
    if (!key) return;
    const set = this.channels.get(key);
    set?.delete(client);
    if (set && set.size === 0) this.channels.delete(key);
  }

  broadcast(plugin, channel, message) {
    const set = this.channels.get(`${plugin}/${channel}`);
    if (!set) return 0;
    let sent = 0;
    for (const client of set) {
      if (client.readyState === OPEN) {
        client.send(JSON.stringify(message));
        sent++;
      }
    }
    return sent;
  }
}
decorate([WebSocketGateway({ path: WS_PATH })], ChannelsGateway);
