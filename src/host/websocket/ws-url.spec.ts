import { WsDenyReason } from './websocket.constants.js';
import { parseWsUrl } from './ws-url.js';

describe(parseWsUrl.name, () => {
  it.each([
    ['with a trailing slash', '/plugin-io/ws/notifications/alerts/'],
    ['without a trailing slash', '/plugin-io/ws/notifications/alerts'],
  ])('should parse the URL %s', (_case, url) => {
    expect(parseWsUrl(url)).toEqual({ plugin: 'notifications', channel: 'alerts', apiKey: null });
  });

  it('should read the api_key query parameter, decoded', () => {
    expect(parseWsUrl('/plugin-io/ws/notifications/alerts/?x=1&api_key=k%2B3+y')).toEqual({
      plugin: 'notifications',
      channel: 'alerts',
      apiKey: 'k+3 y',
    });
  });

  it('should give a null api key when the query has none', () => {
    expect(parseWsUrl('/plugin-io/ws/notifications/alerts?other=1')).toMatchObject({
      apiKey: null,
    });
  });

  it('should keep an empty api_key as empty', () => {
    expect(parseWsUrl('/plugin-io/ws/notifications/alerts?api_key=')).toMatchObject({
      apiKey: '',
    });
  });

  it('should decode a percent-encoded Unicode channel', () => {
    const url = `/plugin-io/ws/notifications/${encodeURIComponent('kanäle-日本')}/`;

    expect(parseWsUrl(url)).toMatchObject({ channel: 'kanäle-日本' });
  });

  it('should accept a channel of 255 characters', () => {
    expect(parseWsUrl(`/plugin-io/ws/p/${'a'.repeat(255)}`)).toMatchObject({
      channel: 'a'.repeat(255),
    });
  });

  it.each([
    ['another prefix', '/plugin-io/api/notifications/alerts'],
    ['the prefix only', '/plugin-io/ws'],
    ['a similar prefix', '/plugin-io/wsx/notifications/alerts'],
    ['no channel', '/plugin-io/ws/notifications/'],
    ['no channel without slash', '/plugin-io/ws/notifications'],
    ['an extra segment', '/plugin-io/ws/notifications/alerts/more'],
    ['two trailing slashes', '/plugin-io/ws/notifications/alerts//'],
    ['an empty plugin segment', '/plugin-io/ws//alerts'],
    ['an invalid plugin name', '/plugin-io/ws/Notifications/alerts'],
    ['an encoded plugin name', '/plugin-io/ws/%6Eotifications/alerts'],
  ])('should deny %s as a bad URL', (_case, url) => {
    expect(parseWsUrl(url)).toBe(WsDenyReason.BadUrl);
  });

  it.each([
    ['a dot', '/plugin-io/ws/p/a.b'],
    ['an encoded space', '/plugin-io/ws/p/a%20b'],
    ['an encoded slash', '/plugin-io/ws/p/a%2Fb'],
    ['broken percent-encoding', '/plugin-io/ws/p/a%E0%A4%A'],
    ['a lone percent sign', '/plugin-io/ws/p/100%'],
    ['256 characters', `/plugin-io/ws/p/${'a'.repeat(256)}`],
  ])('should deny a channel with %s as a bad channel', (_case, url) => {
    expect(parseWsUrl(url)).toBe(WsDenyReason.BadChannel);
  });
});
