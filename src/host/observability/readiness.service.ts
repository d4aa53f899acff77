import { Injectable } from '@nestjs/common';

/**
 * Readiness as the sum of named conditions: the host is ready when none of them is false. The
 * bus reports whether it is connected; shutdown reports draining.
 */
@Injectable()
export class ReadinessService {
  private readonly conditions = new Map<string, boolean>();

  public set(condition: string, ok: boolean): void {
    this.conditions.set(condition, ok);
  }

  public get ready(): boolean {
    return [...this.conditions.values()].every(Boolean);
  }

  public report(): Record<string, boolean> {
    return Object.fromEntries(this.conditions);
  }
}
