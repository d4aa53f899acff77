import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import { MetricsService, UNKNOWN_PLUGIN_LABEL } from '../observability/metrics.service.js';

/**
 * The `status` label of requests whose client went away before the body was complete; nothing
 * was answered (nginx's convention for the same case).
 */
export const CLIENT_CLOSED_REQUEST = 499;

/** A SimpleAPI request with what the metrics need, set as soon as the request is seen. */
export interface TrackedRequest extends IncomingMessage {
  originalUrl?: string;
  /** When the SimpleAPI started on the request. */
  apiStartedAt?: bigint;
  /** The loaded plugin the request resolved to; absent for unknown plugins. */
  apiPlugin?: string;
}

/**
 * Counts and times SimpleAPI responses by plugin and status, whoever answered: the route, the
 * guard (401, 404) or the exception filter. Recorded where the response is written, so the
 * request path pays for no extra middleware or listener.
 */
@Injectable()
export class SimpleApiMetrics {
  public constructor(private readonly metrics: MetricsService) {}

  public observe(req: TrackedRequest, status: number): void {
    const plugin = req.apiPlugin ?? UNKNOWN_PLUGIN_LABEL;
    this.metrics.httpRequests.inc({ plugin, status: String(status) });
    if (req.apiStartedAt !== undefined) {
      const seconds = Number(process.hrtime.bigint() - req.apiStartedAt) / 1e9;
      this.metrics.httpDuration.observe({ plugin }, seconds);
    }
  }
}
