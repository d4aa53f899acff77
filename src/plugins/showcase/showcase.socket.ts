import { WebSocketAPI } from '../../sdk/index.js';

/** Channel `showcase`: staff sessions only. */
export class ShowcaseSocket extends WebSocketAPI {
  public static override CHANNELS = ['showcase'];

  public override authenticate(): boolean {
    return this.websocket.loggedInUser?.type === 'Staff';
  }
}
