import { Injectable } from '@nestjs/common';
import {
  Credentials,
  JSONResponse,
  PlainTextResponse,
  type RouteResult,
  SimpleAPIRoute,
} from '../../sdk/index.js';
import { ClockService } from './clock.service.js';

/** A route class: one PATH, methods named after verbs, open to anyone. */
@Injectable()
export class PingRoute extends SimpleAPIRoute {
  public static override PATH = '/ping';

  public constructor(private readonly clock: ClockService) {
    super();
  }

  public override authenticate(_credentials: Credentials): boolean {
    return true;
  }

  public get(): RouteResult {
    return [new PlainTextResponse('pong')];
  }

  public post(): RouteResult {
    return [new JSONResponse({ received: this.request.json(), at: this.clock.now() })];
  }
}
