import { Injectable } from '@nestjs/common';

/** The conditions readiness is made of; each appears by name in the /health/ready body. */
export const ReadinessCheck = {
  /** The broadcast bus can take and deliver broadcasts (always true for the memory bus). */
  BroadcastBus: 'broadcastBus',
  /** The host accepts WebSocket connections (false once draining for shutdown starts). */
  Accepting: 'accepting',
} as const;

export type ReadinessCheck = (typeof ReadinessCheck)[keyof typeof ReadinessCheck];

/**
 * Readiness as the sum of named conditions: the host is ready when none of them is false. The
 * bus reports whether it is connected; shutdown reports draining.
 */
@Injectable()
export class ReadinessService {
  private readonly conditions = new Map<ReadinessCheck, boolean>();

  public set(condition: ReadinessCheck, ok: boolean): void {
    this.conditions.set(condition, ok);
  }

  public get ready(): boolean {
    return [...this.conditions.values()].every(Boolean);
  }

  public report(): Record<string, boolean> {
    return Object.fromEntries(this.conditions);
  }
}
