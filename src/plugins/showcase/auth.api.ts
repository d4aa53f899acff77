import {
  APIKeyAuthMixin,
  APIKeyCredentials,
  BasicAuthMixin,
  BearerCredentials,
  JSONResponse,
  PatientSessionAuthMixin,
  SessionHeader,
  type RouteResult,
  SimpleAPI,
  StaffSessionAuthMixin,
  api,
  constantTimeEquals,
} from '../../sdk/index.js';

/** Basic auth against the `simpleapi-basic-username` and `simpleapi-basic-password` secrets. */
export class BasicApi extends BasicAuthMixin(SimpleAPI) {
  public static override PREFIX = '/basic';

  @api.get('/whoami')
  public whoami(): RouteResult {
    return [new JSONResponse({ scheme: 'basic' })];
  }
}

/** The API key is read from `X-Api-Key` instead of `Authorization`. */
export class XApiKeyCredentials extends APIKeyCredentials {
  public static override HEADER_NAME = 'X-Api-Key';
}

/** API-key auth against the `simpleapi-api-key` secret, with path parameters. */
export class ItemsApi extends APIKeyAuthMixin(SimpleAPI) {
  public static override PREFIX = '/stores/<store>';
  public static override CREDENTIALS = XApiKeyCredentials;

  @api.get('/items/<item>')
  public read(): RouteResult {
    return [new JSONResponse(this.request.pathParams)];
  }

  @api.delete('/items/<item>')
  public remove(): RouteResult {
    return [];
  }
}

/**
 * Bearer tokens, checked by hand against the `bearer-token` secret. Abstract, so that several
 * classes can share the check (FormsApi extends it too).
 */
export abstract class BearerSecretApi extends SimpleAPI {
  public static override CREDENTIALS = BearerCredentials;

  public override authenticate(credentials: BearerCredentials): boolean {
    return constantTimeEquals(credentials.token, this.secrets['bearer-token'] ?? '');
  }
}

/** A bearer-protected route. */
export class BearerApi extends BearerSecretApi {
  @api.get('/bearer')
  public read(): RouteResult {
    return [new JSONResponse({ scheme: 'bearer' })];
  }
}

/** Only staff sessions. */
export class StaffApi extends StaffSessionAuthMixin(SimpleAPI) {
  @api.get('/staff/me')
  public me(): RouteResult {
    return [new JSONResponse({ id: this.request.headers.get(SessionHeader.UserId) })];
  }
}

/** Only patient sessions. */
export class PatientApi extends PatientSessionAuthMixin(SimpleAPI) {
  @api.get('/patient/me')
  public me(): RouteResult {
    return [new JSONResponse({ id: this.request.headers.get(SessionHeader.UserId) })];
  }
}
