import {
  APIKeyAuthMixin,
  Broadcast,
  JSONResponse,
  type RouteResult,
  SimpleAPI,
  api,
} from '../../sdk/index.js';

/** `POST /callback` broadcasts its JSON body to every listener of channel `notifications`. */
export class NotificationsApi extends APIKeyAuthMixin(SimpleAPI) {
  public static override API_KEY_SECRET_NAME = 'api-key';

  @api.post('/callback')
  public callback(): RouteResult {
    return [
      new Broadcast({ channel: 'notifications', message: this.request.json() }).apply(),
      new JSONResponse({ status: 'ok' }, { statusCode: 202 }),
    ];
  }
}
