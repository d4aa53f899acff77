import { JSONResponse, type RouteResult, SimpleAPIRoute } from '../../sdk/index.js';

/**
 * `POST /echo` answers the parsed JSON body, for the HTTP comparison with a bare NestJS
 * controller (bench/ref/nest-json), which authenticates nothing either.
 */
export class BenchEchoRoute extends SimpleAPIRoute {
  public static override PATH = '/echo';

  public override authenticate(): boolean {
    return true;
  }

  public post(): RouteResult {
    return [new JSONResponse(this.request.json())];
  }
}
