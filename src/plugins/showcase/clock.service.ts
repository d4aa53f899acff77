import { Injectable } from '@nestjs/common';

/** A plugin provider that handlers inject: shows that handlers are built by Nest's injector. */
@Injectable()
export class ClockService {
  public now(): string {
    return new Date().toISOString();
  }
}
