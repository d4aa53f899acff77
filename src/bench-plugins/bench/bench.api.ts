import {
  APIKeyAuthMixin,
  Broadcast,
  CHANNEL_NAME_PATTERN,
  JSONResponse,
  type RouteResult,
  SimpleAPI,
  api,
} from '../../sdk/index.js';

/**
 * `POST /broadcast` with `Authorization: <api-key>`: the whole JSON body is the message, sent to
 * the channel named by its `channel` field; answers 202 `{"status":"ok"}`.
 */
export class BenchBroadcastApi extends APIKeyAuthMixin(SimpleAPI) {
  public static override API_KEY_SECRET_NAME = 'api-key';

  @api.post('/broadcast')
  public broadcast(): RouteResult {
    const body: unknown = this.request.json();
    const channel =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>).channel
        : undefined;
    if (typeof channel !== 'string' || !CHANNEL_NAME_PATTERN.test(channel)) {
      return [
        new JSONResponse({ error: 'body.channel must be a channel name' }, { statusCode: 400 }),
      ];
    }
    return [
      new Broadcast({ channel, message: body }).apply(),
      new JSONResponse({ status: 'ok' }, { statusCode: 202 }),
    ];
  }
}
