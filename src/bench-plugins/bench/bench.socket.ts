import { WebSocketAPI, constantTimeEquals } from '../../sdk/index.js';

/** Accepts clients whose `?api_key=` equals the plugin secret `api-key` (constant time). */
export class BenchSocket extends WebSocketAPI {
  public override authenticate(): boolean {
    const apiKey = this.websocket.apiKey;
    const expected = this.secrets['api-key'] ?? '';
    return apiKey !== null && expected !== '' && constantTimeEquals(apiKey, expected);
  }
}
