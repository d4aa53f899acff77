// WsAdapter only routes an upgrade whose pathname equals the gateway path exactly.
// The interface has per-plugin/per-channel paths (/plugin-io/ws/<plugin>/<channel>/),
// so this subclass routes every pathname under the gateway path to it: the usual
// small workaround. Everything else is the stock @nestjs/platform-ws WsAdapter.
import { WsAdapter } from '@nestjs/platform-ws';

export class PluginWsAdapter extends WsAdapter {
  ensureHttpServerExists(port, httpServer) {
    const created = super.ensureHttpServerExists(port, httpServer);
    const server = this.httpServersRegistry.get(port);
    const stock = this.upgradeListenersRegistry.get(port);
    if (!server || !stock) return created;
    server.off('upgrade', stock);
    const listener = (request, socket, head) => {
      const pathname = new URL(request.url, 'ws://localhost/').pathname;
      const wsServer = (this.wsServersRegistry.get(port) || []).find(
        (s) => pathname === s.path || pathname.startsWith(s.path + '/'),
      );
      if (!wsServer) return socket.destroy();
      wsServer.handleUpgrade(request, socket, head, (ws) =>
        wsServer.emit('connection', ws, request),
      );
    };
    server.on('upgrade', listener);
    this.upgradeListenersRegistry.set(port, listener);
    return created;
  }
}
