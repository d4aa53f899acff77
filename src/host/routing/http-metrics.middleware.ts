import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService, UNKNOWN_PLUGIN_LABEL } from '../observability/metrics.service.js';
import { PluginRegistry } from '../plugins/plugin-registry.service.js';
import { parseApiUrl } from './api-url.js';

/**
 * Counts every SimpleAPI response by plugin and status, and times it, whatever answered it: the
 * route, the guard (401, 404) or the exception filter.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  public constructor(
    private readonly metrics: MetricsService,
    private readonly registry: PluginRegistry,
  ) {}

  public use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const name = parseApiUrl(req.originalUrl)?.plugin;
      const plugin = name !== undefined && this.registry.get(name) ? name : UNKNOWN_PLUGIN_LABEL;
      this.metrics.httpRequests.inc({ plugin, status: String(res.statusCode) });
      this.metrics.httpDuration.observe(
        { plugin },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  }
}
