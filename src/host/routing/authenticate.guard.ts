import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type ApiCall, SimpleApiService } from './simple-api.service.js';

/** An Express request that passed {@link AuthenticateGuard}. */
export interface AuthenticatedRequest extends Request {
  apiCall: ApiCall;
}

/**
 * Resolves the SimpleAPI route and runs the handler's `authenticate()` with its declared
 * credentials type. Unknown routes fail here with 404 before credentials are read; a denial
 * fails with 401. The prepared call is left on the request for the controller.
 */
@Injectable()
export class AuthenticateGuard implements CanActivate {
  public constructor(private readonly simpleApi: SimpleApiService) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const call = await this.simpleApi.prepare(req);
    await this.simpleApi.authenticate(call);
    req.apiCall = call;
    return true;
  }
}
