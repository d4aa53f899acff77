import { WebSocketAPI, constantTimeEquals } from '../../sdk/index.js';

/**
 * Who may listen: staff members of the web app (their session cookie) and external clients
 * holding the plugin's `api-key` secret (`?api_key=…`).
 */
export class NotificationsSocket extends WebSocketAPI {
  public override authenticate(): boolean {
    if (this.websocket.loggedInUser?.type === 'Staff') {
      return true;
    }
    const apiKey = this.websocket.apiKey;
    return apiKey !== null && constantTimeEquals(apiKey, this.secrets['api-key'] ?? '');
  }
}
