import { WebSocketAPI, servesChannel } from './websocket-api.js';

describe(WebSocketAPI.name, () => {
  class DefaultSocket extends WebSocketAPI {}

  describe('authenticate', () => {
    it('should deny by default', () => {
      const sut = new DefaultSocket();

      expect(sut.authenticate()).toBe(false);
    });
  });
});

describe(servesChannel.name, () => {
  class AnySocket extends WebSocketAPI {}

  class FeedSocket extends WebSocketAPI {
    public static override CHANNELS = ['feed', /^feed-[a-z0-9-]+$/];
  }

  class NoChannelSocket extends WebSocketAPI {
    public static override CHANNELS = [];
  }

  it('should serve every channel when CHANNELS is unset', () => {
    expect(servesChannel(AnySocket, 'anything')).toBe(true);
    expect(servesChannel(AnySocket, 'kanäle')).toBe(true);
  });

  it('should serve a channel named exactly', () => {
    expect(servesChannel(FeedSocket, 'feed')).toBe(true);
  });

  it('should not treat a name as a prefix or a pattern', () => {
    expect(servesChannel(FeedSocket, 'feeds')).toBe(false);
    expect(servesChannel(FeedSocket, 'Feed')).toBe(false);
  });

  it('should serve a channel matched by a pattern', () => {
    expect(servesChannel(FeedSocket, 'feed-room-1')).toBe(true);
    expect(servesChannel(FeedSocket, 'feed-Room')).toBe(false);
  });

  it('should serve no channel when CHANNELS is empty', () => {
    expect(servesChannel(NoChannelSocket, 'feed')).toBe(false);
  });

  it('should give the same answer for a global pattern called twice', () => {
    class GlobalSocket extends WebSocketAPI {
      public static override CHANNELS = [/^room-\d+$/g];
    }

    expect(servesChannel(GlobalSocket, 'room-1')).toBe(true);
    expect(servesChannel(GlobalSocket, 'room-1')).toBe(true);
  });
});
