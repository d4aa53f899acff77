import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The `plugin` label of requests and handshakes that name no loaded plugin. Label values come only
 * from loaded plugins, so clients cannot create new series by inventing names.
 */
export const UNKNOWN_PLUGIN_LABEL = '-';

/**
 * Every metric the host exports on GET /metrics, declared in one place. Labels carry plugin
 * names, route outcomes and reasons, never a channel's traffic content or a secret.
 */
@Injectable()
export class MetricsService {
  public readonly registry = new Registry();

  /** HTTP SimpleAPI requests by plugin and status code. */
  public readonly httpRequests = new Counter({
    name: 'plugin_io_http_requests_total',
    help: 'SimpleAPI requests answered, by plugin and status code',
    labelNames: ['plugin', 'status'] as const,
    registers: [this.registry],
  });

  /** Seconds from the request reaching the SimpleAPI controller to the response. */
  public readonly httpDuration = new Histogram({
    name: 'plugin_io_http_request_duration_seconds',
    help: 'SimpleAPI request handling time',
    labelNames: ['plugin'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  /** WebSocket connections currently open, by plugin. */
  public readonly wsConnections = new Gauge({
    name: 'plugin_io_ws_connections',
    help: 'Open WebSocket connections, by plugin',
    labelNames: ['plugin'] as const,
    registers: [this.registry],
  });

  /** WebSocket upgrade decisions by plugin and outcome (accepted or a deny reason). */
  public readonly wsHandshakes = new Counter({
    name: 'plugin_io_ws_handshakes_total',
    help: 'WebSocket upgrade attempts, by plugin and outcome',
    labelNames: ['plugin', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Server-initiated WebSocket closes by reason (slow consumer, oversize frame, heartbeat…). */
  public readonly wsCloses = new Counter({
    name: 'plugin_io_ws_server_closes_total',
    help: 'WebSocket connections closed by the server, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** Broadcasts handed to the bus, by plugin. */
  public readonly broadcastsPublished = new Counter({
    name: 'plugin_io_broadcasts_published_total',
    help: 'Broadcasts published to the bus, by plugin',
    labelNames: ['plugin'] as const,
    registers: [this.registry],
  });

  /** Broadcasts the bus could not take (the request got 503). */
  public readonly broadcastsFailed = new Counter({
    name: 'plugin_io_broadcasts_failed_total',
    help: 'Broadcasts that could not be published, by plugin',
    labelNames: ['plugin'] as const,
    registers: [this.registry],
  });

  /** Frames written to sockets (one per socket per broadcast). */
  public readonly deliveries = new Counter({
    name: 'plugin_io_deliveries_total',
    help: 'Broadcast frames written to WebSocket clients',
    registers: [this.registry],
  });

  public constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
