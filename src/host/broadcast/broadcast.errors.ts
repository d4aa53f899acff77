/** Error codes of the broadcast path. */
export const BroadcastErrorCode = {
  /** The bus did not take a broadcast within BROADCAST_PUBLISH_TIMEOUT_MS (e.g. Redis is down). */
  Unavailable: 'BROADCAST_ERR_UNAVAILABLE',
} as const;

/** The bus could not connect at start-up; the message names the variable to fix. */
export class BusConnectionError extends Error {
  public override readonly name = 'BusConnectionError';
}

/** The bus could not take a broadcast in time; the message was not sent anywhere. */
export class BroadcastUnavailableError extends Error {
  public override readonly name = 'BroadcastUnavailableError';
  public readonly code = BroadcastErrorCode.Unavailable;

  public constructor(plugin: string, channel: string, reason: string) {
    super(`Broadcast of plugin "${plugin}" to channel "${channel}" was not sent: ${reason}`);
  }
}
