import type { LoggedInUser } from './credentials.js';
import { BaseHandler } from './handler.js';
import type { Headers } from './headers.js';

/** The connection attempt a {@link WebSocketAPI} decides on, as `this.websocket`. */
export interface WebSocketInfo {
  /** The channel name from the URL. */
  readonly channel: string;
  /** Handshake headers, as for HTTP requests. */
  readonly headers: Headers;
  /** The `api_key` query parameter, else the `Authorization` header, else null. */
  readonly apiKey: string | null;
  /** The user of a valid session cookie, or null. */
  readonly loggedInUser: LoggedInUser | null;
}

/** Which channels a {@link WebSocketAPI} class serves: exact names or patterns. */
export type ChannelSelector = ReadonlyArray<string | RegExp>;

/**
 * Decides who may connect to the plugin's WebSocket channels at
 * `/plugin-io/ws/<plugin>/<channel>/`. `authenticate()` runs once, during the HTTP upgrade:
 * `true` accepts; `false` answers 403 `Unauthorized`; an exception or a timeout answers 403
 * `Internal server error`. Exactly one class of a plugin must serve a channel; restrict a class
 * with `CHANNELS` when a plugin has several.
 *
 * @example Session users (browser clients inside the web app):
 * ```ts
 * export class StaffNotifications extends WebSocketAPI {
 *   override authenticate(): boolean {
 *     return this.websocket.loggedInUser?.type === 'Staff';
 *   }
 * }
 * ```
 *
 * @example An API key (external clients connect with `?api_key=<key>`):
 * ```ts
 * export class Feed extends WebSocketAPI {
 *   static override CHANNELS = ['feed', /^feed-[a-z0-9-]+$/];
 *   override authenticate(): boolean {
 *     return constantTimeEquals(this.websocket.apiKey ?? '', this.secrets['api-key'] ?? '');
 *   }
 * }
 * ```
 */
export abstract class WebSocketAPI extends BaseHandler {
  /** Channels this class serves; all of them when unset. */
  public static CHANNELS?: ChannelSelector;

  /** The connection attempt; set by the host before `authenticate()` runs. */
  public websocket!: WebSocketInfo;

  /** Accepts or denies the connection; may be async. Denies by default. */
  public authenticate(): boolean | Promise<boolean> {
    return false;
  }
}

/** Whether `handlerClass` serves `channel`, according to its `CHANNELS`. */
export function servesChannel(handlerClass: typeof WebSocketAPI, channel: string): boolean {
  const selector = handlerClass.CHANNELS;
  if (selector === undefined) {
    return true;
  }
  // search() ignores lastIndex, so a pattern with the g or y flag gives the same answer each time.
  return selector.some((entry) =>
    typeof entry === 'string' ? entry === channel : channel.search(entry) !== -1,
  );
}
