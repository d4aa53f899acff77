import { CHANNEL_NAME_PATTERN, PLUGIN_NAME_PATTERN } from '../../sdk/index.js';
import { WS_PATH_PREFIX, WsDenyReason } from './websocket.constants.js';

/** The plugin and channel a WebSocket URL names. */
export interface ChannelTarget {
  readonly plugin: string;
  readonly channel: string;
  /** The `api_key` query parameter, if sent. */
  readonly apiKey: string | null;
}

const SHAPE = /^\/plugin-io\/ws\/([^/]+)\/([^/]+)\/?$/;

/**
 * Parses `/plugin-io/ws/<plugin>/<channel>/` (trailing slash optional). Returns the deny reason
 * for a URL of the wrong shape or a bad channel name.
 */
export function parseWsUrl(rawUrl: string): ChannelTarget | WsDenyReason {
  if (!rawUrl.startsWith(WS_PATH_PREFIX + '/')) {
    return WsDenyReason.BadUrl;
  }
  const query = rawUrl.indexOf('?');
  const path = query < 0 ? rawUrl : rawUrl.slice(0, query);
  const match = SHAPE.exec(path);
  if (match === null || !PLUGIN_NAME_PATTERN.test(match[1])) {
    return WsDenyReason.BadUrl;
  }

  let channel: string;
  try {
    channel = decodeURIComponent(match[2]);
  } catch {
    return WsDenyReason.BadChannel;
  }
  if (!CHANNEL_NAME_PATTERN.test(channel)) {
    return WsDenyReason.BadChannel;
  }

  const apiKey = query < 0 ? null : new URLSearchParams(rawUrl.slice(query + 1)).get('api_key');
  return { plugin: match[1], channel, apiKey };
}
