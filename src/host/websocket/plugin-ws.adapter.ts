import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { WebSocketServer } from 'ws';
import { WsUpgradeGate } from './ws-upgrade.gate.js';

/** Limits the adapter applies to every socket. */
export interface PluginWsAdapterOptions {
  maxInboundBytes: number;
}

/** A socket error before or during the upgrade (a reset, say) ends that socket, nothing more. */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Nest's ws adapter, changed where the stock one does not fit plugin channels: it serves every
 * `/plugin-io/ws/<plugin>/<channel>/` path from one server instead of one fixed path, decides
 * admission during the HTTP upgrade (through {@link WsUpgradeGate}) instead of per message, and
 * discards client frames instead of parsing them as events.
 */
export class PluginWsAdapter extends WsAdapter {
  private readonly upgradeLogger = new Logger(PluginWsAdapter.name);
  private upgradeListener?: UpgradeListener;

  public constructor(
    private readonly app: INestApplicationContext,
    private readonly options: PluginWsAdapterOptions,
  ) {
    super(app);
  }

  public override create(): WebSocketServer {
    const wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.options.maxInboundBytes,
      // Inbound frames are discarded unread, so validating their UTF-8 would be wasted work.
      skipUTF8Validation: true,
    });
    const gate = this.app.get(WsUpgradeGate);
    this.upgradeListener = (req, socket, head) => {
      socket.on('error', destroyOnError);
      gate
        .admit(req, socket, head)
        .then((admitted) => {
          if (admitted) {
            wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
          }
        })
        .catch((error: unknown) => {
          this.upgradeLogger.error({ err: error, msg: 'WebSocket upgrade failed' });
          socket.destroy();
        });
    };
    (this.httpServer as Server).on('upgrade', this.upgradeListener);
    return wss;
  }

  public override bindMessageHandlers(): void {
    // Channels are server-to-client only: client frames are read by ws and dropped.
  }

  public override async dispose(): Promise<void> {
    if (this.upgradeListener) {
      (this.httpServer as Server).off('upgrade', this.upgradeListener);
    }
    await super.dispose();
  }
}
