import { All, Controller, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { type AuthenticatedRequest, AuthenticateGuard } from './authenticate.guard.js';
import { SimpleApiExceptionFilter } from './simple-api-exception.filter.js';
import { SimpleApiService } from './simple-api.service.js';

/** Serves every plugin's SimpleAPI routes under /plugin-io/api/<plugin>/…. */
@Controller('plugin-io/api')
@UseGuards(AuthenticateGuard)
@UseFilters(SimpleApiExceptionFilter)
export class SimpleApiController {
  public constructor(private readonly simpleApi: SimpleApiService) {}

  @All(['{*path}'])
  public async dispatch(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    this.simpleApi.write(req, res, await this.simpleApi.run(req.apiCall), req.apiCall);
  }
}
