import { API_URL_PREFIX, parseApiUrl } from './api-url.js';

describe(parseApiUrl.name, () => {
  it('should split the plugin, the path and the query', () => {
    expect(parseApiUrl('/plugin-io/api/notifications/callback?a=1&b=2')).toEqual({
      plugin: 'notifications',
      path: '/callback',
      queryString: 'a=1&b=2',
    });
  });

  it('should keep the path raw, trailing slash and escapes included', () => {
    expect(parseApiUrl('/plugin-io/api/shop/items/a%2Fb/')?.path).toBe('/items/a%2Fb/');
  });

  it('should give path "/" when nothing follows the plugin', () => {
    expect(parseApiUrl('/plugin-io/api/shop')).toEqual({
      plugin: 'shop',
      path: '/',
      queryString: '',
    });
  });

  it('should give path "/" for the plugin with a trailing slash', () => {
    expect(parseApiUrl('/plugin-io/api/shop/')?.path).toBe('/');
  });

  it('should give path "/" and the query when only a query follows the plugin', () => {
    expect(parseApiUrl('/plugin-io/api/shop?x=1')).toEqual({
      plugin: 'shop',
      path: '/',
      queryString: 'x=1',
    });
  });

  it('should split on the first "?" only', () => {
    expect(parseApiUrl('/plugin-io/api/shop/a?b=?c')).toEqual({
      plugin: 'shop',
      path: '/a',
      queryString: 'b=?c',
    });
  });

  it('should keep an empty query string after a bare "?"', () => {
    expect(parseApiUrl('/plugin-io/api/shop/a?')?.queryString).toBe('');
  });

  it.each(['a', 'shop_2', 'x9_'])('should accept the plugin name %j', (plugin) => {
    expect(parseApiUrl(`${API_URL_PREFIX}${plugin}/x`)?.plugin).toBe(plugin);
  });

  it.each([
    ['another prefix', '/plugin-io/ws/shop/x'],
    ['the prefix without a plugin', '/plugin-io/api/'],
    ['the prefix without its slash', '/plugin-io/api'],
    ['an upper-case plugin', '/plugin-io/api/Shop/x'],
    ['a plugin starting with a digit', '/plugin-io/api/1shop/x'],
    ['a plugin with a hyphen', '/plugin-io/api/my-shop/x'],
    ['a dot-dot segment', '/plugin-io/api/../admin'],
    ['a dot segment', '/plugin-io/api/./shop/x'],
    ['an encoded slash', '/plugin-io/api/shop%2F..%2Fother/x'],
    ['an encoded plugin name', '/plugin-io/api/%73hop/x'],
    ['a double slash', '/plugin-io/api//shop/x'],
    ['an absolute URL', 'http://host/plugin-io/api/shop/x'],
    ['a plugin with a backslash', '/plugin-io/api/shop\\..\\x'],
  ])('should return null for %s', (_case, url) => {
    expect(parseApiUrl(url)).toBeNull();
  });
});
