import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessCheck, ReadinessService } from '../observability/readiness.service.js';
import { BroadcastBus } from './broadcast-bus.js';
import { BroadcastService } from './broadcast.service.js';

/** The broadcast bus chosen at start-up and the service in front of it. */
@Global()
@Module({})
export class BroadcastModule implements OnModuleInit, OnApplicationShutdown {
  public constructor(
    @Inject(BroadcastBus) private readonly bus: BroadcastBus,
    private readonly readiness: ReadinessService,
  ) {}

  public static forRoot(bus: BroadcastBus): DynamicModule {
    return {
      module: BroadcastModule,
      providers: [{ provide: BroadcastBus, useValue: bus }, BroadcastService],
      exports: [BroadcastService, BroadcastBus],
    };
  }

  public onModuleInit(): void {
    this.bus.ready$.subscribe((ready) => this.readiness.set(ReadinessCheck.BroadcastBus, ready));
  }

  public async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
