import {
  Broadcast,
  Credentials,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  Response,
  type RouteResult,
  SimpleAPIRoute,
} from '../../sdk/index.js';

/** `GET /responses?kind=…` answers with each response class; open to anyone. */
export class ResponsesRoute extends SimpleAPIRoute {
  public static override PATH = '/responses';

  public override authenticate(_credentials: Credentials): boolean {
    return true;
  }

  public get(): RouteResult {
    const headers = { 'Cache-Control': 'no-store' };
    switch (this.request.queryParams.get('kind')) {
      case 'text':
        return [new PlainTextResponse('plain text', { headers })];
      case 'html':
        return [new HTMLResponse('<p>html</p>', { headers })];
      case 'bytes':
        return [new Response(Buffer.from([0, 1, 2]), { contentType: 'application/octet-stream' })];
      case 'none':
        return [];
      case 'teapot':
        // The 418 cancels the broadcast next to it: error responses discard every effect.
        return [
          new Broadcast({ channel: 'showcase', message: 'never sent' }).apply(),
          new JSONResponse({ error: 'short and stout' }, { statusCode: 418 }),
        ];
      default:
        return [new JSONResponse({ kind: 'json' }, { headers })];
    }
  }
}
