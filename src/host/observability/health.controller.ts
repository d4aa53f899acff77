import { Controller, Get, Header, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from './metrics.service.js';
import { ReadinessService } from './readiness.service.js';

/** Liveness, readiness and Prometheus metrics for operators. */
@Controller()
export class HealthController {
  public constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  @HttpCode(HttpStatus.OK)
  public live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  public ready(@Res() res: Response): void {
    const ready = this.readiness.ready;
    res
      .status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ ready, checks: this.readiness.report() });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  public async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
