import { BehaviorSubject, Subject } from 'rxjs';
import { BroadcastBus, type BusMessage } from './broadcast-bus.js';

/**
 * The default bus: an RxJS subject inside the process. Messages reach the subscriber
 * synchronously during `publish`, so publish order is delivery order and the bus itself never
 * queues anything.
 */
export class MemoryBroadcastBus extends BroadcastBus {
  private readonly subject = new Subject<BusMessage>();
  public readonly messages$ = this.subject.asObservable();
  public readonly ready$ = new BehaviorSubject(true).asObservable();

  public publish(message: BusMessage): Promise<void> {
    this.subject.next(message);
    return Promise.resolve();
  }

  public watch(): void {
    // Every published message is already local.
  }

  public unwatch(): void {
    // Every published message is already local.
  }

  public close(): Promise<void> {
    this.subject.complete();
    return Promise.resolve();
  }
}
