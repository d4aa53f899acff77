/** The URL prefix of every WebSocket channel: `/plugin-io/ws/<plugin>/<channel>/`. */
export const WS_PATH_PREFIX = '/plugin-io/ws';

/** Close codes the server sends (RFC 6455 section 7.4.1), each with the reason text sent with it. */
export const WsCloseCode = {
  /** An inbound frame was larger than WS_MAX_INBOUND_BYTES (sent by the ws library itself). */
  MessageTooBig: 1009,
  /** The server is shutting down or restarting; reconnect to another instance. */
  ServiceRestart: 1012,
  /** The client read too slowly: its unsent data passed WS_MAX_BUFFERED_BYTES. */
  TryAgainLater: 1013,
} as const;

/** The reason text sent with each server close code (kept short: it travels in the close frame). */
export const WsCloseReason = {
  ServiceRestart: 'server shutting down',
  TryAgainLater: 'client too slow',
} as const;

/**
 * Why an upgrade was refused. Each maps to the HTTP status and the `text/plain` body of the
 * refusal; the reason itself is the metric label.
 */
export const WsDenyReason = {
  /** authenticate() returned false. */
  Unauthorized: 'unauthorized',
  /** authenticate() threw or took longer than WS_AUTH_TIMEOUT_MS. */
  HandlerError: 'handler_error',
  /** No handler class, or several, serve the channel; or the plugin is unknown. */
  NoHandler: 'no_handler',
  /** The URL is not /plugin-io/ws/<plugin>/<channel>/. */
  BadUrl: 'bad_url',
  /** The channel name breaks the channel rule. */
  BadChannel: 'bad_channel',
  /** The server is draining for shutdown. */
  Draining: 'draining',
} as const;

export type WsDenyReason = (typeof WsDenyReason)[keyof typeof WsDenyReason];

/** The HTTP answer for each deny reason. */
export const WS_DENY_RESPONSES: Readonly<Record<WsDenyReason, { status: number; body: string }>> = {
  [WsDenyReason.Unauthorized]: { status: 403, body: 'Unauthorized' },
  [WsDenyReason.HandlerError]: { status: 403, body: 'Internal server error' },
  [WsDenyReason.NoHandler]: { status: 403, body: '' },
  [WsDenyReason.BadUrl]: { status: 404, body: '' },
  [WsDenyReason.BadChannel]: { status: 400, body: 'Invalid channel name' },
  [WsDenyReason.Draining]: { status: 503, body: 'Server shutting down' },
};

/** The code of the error ws raises for an inbound frame over `maxPayload` (it then closes 1009). */
export const WS_OVERSIZE_FRAME_ERROR = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** Label values of `plugin_io_ws_handshakes_total{outcome}` besides the deny reasons. */
export const WsHandshakeOutcome = {
  /** The upgrade completed. */
  Accepted: 'accepted',
  /** authenticate() accepted, but the client had gone by then. */
  ClientGone: 'client_gone',
} as const;

/** Label values of `plugin_io_ws_server_closes_total{reason}`. */
export const WsServerCloseReason = {
  /** Unsent data passed WS_MAX_BUFFERED_BYTES; closed with 1013. */
  SlowConsumer: 'slow_consumer',
  /** An inbound frame passed WS_MAX_INBOUND_BYTES; closed with 1009. */
  MessageTooBig: 'message_too_big',
  /** No pong since the previous ping; terminated. */
  Heartbeat: 'heartbeat',
} as const;
