import { Credentials, JSONResponse, type RouteResult, SimpleAPI, api } from '../../sdk/index.js';

/** Custom credentials: the client names itself in `X-Client`, and authenticate() checks it. */
export class ClientNameCredentials extends Credentials {
  public readonly client = this.request.headers.get('x-client');
}

/** Echoes how the request was parsed: query, headers, content type and body. */
export class EchoApi extends SimpleAPI {
  public static override PREFIX = '/echo';
  public static override CREDENTIALS = ClientNameCredentials;

  public override authenticate(credentials: ClientNameCredentials): boolean {
    return credentials.client !== undefined;
  }

  @api.post('/<kind>')
  public echo(): RouteResult {
    const { request } = this;
    const kind = request.pathParams.kind;
    return [
      new JSONResponse({
        method: request.method,
        path: request.path,
        query: request.queryParams.multiItems(),
        accept: request.headers.getList('accept'),
        userAgent: request.headers.get('user-agent') ?? null,
        contentType: request.contentType,
        body: kind === 'json' ? request.json() : request.text(),
      }),
    ];
  }
}
