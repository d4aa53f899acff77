import request from 'supertest';
import {
  HTTP_FIXTURE_PLUGINS_DIR,
  LogLevel,
  errorBodies,
  parseLogs,
  rawRequest,
} from './support/http-fixtures.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';

describe('SimpleAPI routing (e2e)', () => {
  let sut: TestApp;
  const api = (path: string) => `/plugin-io/api${path}`;

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: HTTP_FIXTURE_PLUGINS_DIR });
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('literal text', () => {
    it('should serve a path with a dot', async () => {
      await request(sut.baseUrl).get(api('/routing/file.json')).expect(200, 'file.json');
    });

    it('should not treat the dot as a wildcard', async () => {
      const res = await request(sut.baseUrl).get(api('/routing/fileXjson')).expect(404);
      expect(res.body).toEqual(errorBodies.routeNotFound);
    });

    it('should not treat "+" as a repetition', async () => {
      await request(sut.baseUrl).get(api('/routing/a+b')).expect(200, 'a+b');
      await request(sut.baseUrl).get(api('/routing/aab')).expect(404);
    });

    it('should match the whole path only', async () => {
      await request(sut.baseUrl).get(api('/routing/file.json/more')).expect(404);
      await request(sut.baseUrl).get(api('/routing/x/file.json')).expect(404);
    });

    it('should ignore the query string when matching', async () => {
      await request(sut.baseUrl).get(api('/routing/file.json?x=1')).expect(200, 'file.json');
    });
  });

  describe('trailing slash', () => {
    it('should serve a route declared with a trailing slash only with it', async () => {
      await request(sut.baseUrl).get(api('/routing/slash/')).expect(200, 'with slash');
      await request(sut.baseUrl).get(api('/routing/slash')).expect(404);
    });

    it('should serve a route declared without a trailing slash only without it', async () => {
      await request(sut.baseUrl).get(api('/routing/noslash')).expect(200, 'without slash');
      await request(sut.baseUrl).get(api('/routing/noslash/')).expect(404);
    });
  });

  describe('parameters', () => {
    it('should give each parameter its segment', async () => {
      const res = await request(sut.baseUrl).get(api('/routing/params/one/two')).expect(200);
      expect(res.body).toEqual({
        path: '/params/one/two',
        params: { first: 'one', second: 'two' },
      });
    });

    it('should not match an empty segment', async () => {
      await request(sut.baseUrl).get(api('/routing/params//two')).expect(404);
    });

    it('should not let a parameter span a slash', async () => {
      await request(sut.baseUrl).get(api('/routing/params/a/b/c')).expect(404);
    });

    it('should percent-decode parameter values exactly once', async () => {
      const res = await rawRequest(sut.baseUrl, api('/routing/params/%2541/b%20c'));

      expect(res.status).toBe(200);
      expect(JSON.parse(res.body.toString())).toEqual({
        path: '/params/%2541/b%20c',
        params: { first: '%41', second: 'b c' },
      });
    });

    it('should match the raw path, so an encoded slash stays inside a parameter', async () => {
      const res = await rawRequest(sut.baseUrl, api('/routing/params/a%2Fb/c'));

      expect(res.status).toBe(200);
      expect(JSON.parse(res.body.toString())).toEqual({
        path: '/params/a%2Fb/c',
        params: { first: 'a/b', second: 'c' },
      });
    });

    it('should merge prefix and path parameters', async () => {
      const res = await request(sut.baseUrl)
        .get(api('/showcase/stores/north/items/42'))
        .set('X-Api-Key', TEST_SECRETS.PLUGIN_SHOWCASE_SIMPLEAPI_API_KEY)
        .expect(200);
      expect(res.body).toEqual({ store: 'north', item: '42' });
    });

    it('should answer 400 with the SimpleAPI body for bad percent-encoding in a parameter', async () => {
      const res = await rawRequest(sut.baseUrl, api('/routing/params/%E0%A4%A/x'));

      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toEqual(errorBodies.badPath);
    });

    it('should answer 404 for bad percent-encoding in literal text (no route matches)', async () => {
      const res = await rawRequest(sut.baseUrl, api('/routing/file%ZZjson'));

      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString())).toEqual(errorBodies.routeNotFound);
    });
  });

  describe('first declared route wins', () => {
    it('should let a parameter route declared first shadow a later literal route', async () => {
      const res = await request(sut.baseUrl).get(api('/routing/docs/latest')).expect(200);
      expect(res.body).toEqual({ route: 'param', id: 'latest' });
    });
  });

  describe('route classes', () => {
    it('should serve the showcase PingRoute', async () => {
      const res = await request(sut.baseUrl).get(api('/showcase/ping')).expect(200);
      expect(res.text).toBe('pong');
      expect(res.headers['content-type']).toBe('text/plain');
    });

    it('should serve a route class POST through its injected provider', async () => {
      const res = await request(sut.baseUrl)
        .post(api('/showcase/ping'))
        .send({ hello: 'world' })
        .expect(200);
      expect(res.body).toEqual({ received: { hello: 'world' }, at: expect.any(String) });
    });

    it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])(
      'should call the %s method of a route class with its path parameter',
      async (method) => {
        const res = await request(sut.baseUrl)
          [method.toLowerCase() as 'get'](api('/routing/verbs/7'))
          .expect(200);
        expect(res.body).toEqual({ method, id: '7' });
      },
    );

    it('should answer 404 for a verb the route class does not define', async () => {
      const res = await request(sut.baseUrl).delete(api('/showcase/ping')).expect(404);
      expect(res.body).toEqual(errorBodies.routeNotFound);
    });
  });

  describe('matching per method', () => {
    it('should let one class serve GET and another POST on the same path', async () => {
      const read = await request(sut.baseUrl).get(api('/routing/shared')).expect(200);
      const write = await request(sut.baseUrl).post(api('/routing/shared')).expect(200);

      expect(read.body).toEqual({ handler: 'ReadSharedApi' });
      expect(write.body).toEqual({ handler: 'WriteSharedApi' });
    });

    it('should answer 404 for a method no class serves on that path', async () => {
      await request(sut.baseUrl).put(api('/routing/shared')).expect(404);
    });
  });

  describe('several classes matching', () => {
    it('should answer a bare 500 and log an error naming both classes', async () => {
      const res = await request(sut.baseUrl).get(api('/routing/error')).expect(500);

      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
      const logged = parseLogs(sut.logs).filter(
        (line) => line.level === LogLevel.error && line.code === 'SIMPLEAPI_ERR_AMBIGUOUS_ROUTE',
      );
      expect(logged).toHaveLength(1);
      expect(logged[0].msg).toContain('ErrorRoute1');
      expect(logged[0].msg).toContain('ErrorRoute2');
    });
  });

  describe('unknown plugin or route', () => {
    it('should answer 404 for an unknown plugin', async () => {
      const res = await request(sut.baseUrl).get(api('/nosuchplugin/ping')).expect(404);
      expect(res.body).toEqual(errorBodies.pluginNotFound);
    });

    it('should answer 404 for an unknown route before looking at credentials', async () => {
      const res = await request(sut.baseUrl).get(api('/showcase/basic/nope')).expect(404);
      expect(res.body).toEqual(errorBodies.routeNotFound);
    });

    it('should answer 404 for a known path with another method, without credentials', async () => {
      const res = await request(sut.baseUrl).put(api('/showcase/basic/whoami')).expect(404);
      expect(res.body).toEqual(errorBodies.routeNotFound);
    });

    it('should answer 404 for the plugin root when no route is declared there', async () => {
      const res = await request(sut.baseUrl).get(api('/showcase')).expect(404);
      expect(res.body).toEqual(errorBodies.routeNotFound);
    });

    it('should answer 404 to HEAD on a GET route', async () => {
      const res = await rawRequest(sut.baseUrl, api('/showcase/ping'), { method: 'HEAD' });
      expect(res.status).toBe(404);
    });

    it('should answer 404 to OPTIONS', async () => {
      const res = await request(sut.baseUrl).options(api('/showcase/ping')).expect(404);
      expect(res.body).toEqual(errorBodies.routeNotFound);
    });
  });

  describe('plugin names with path tricks', () => {
    it.each([
      api('/../x'),
      api('/%2e%2e/x'),
      api('/%2E%2E/showcase/ping'),
      api('/notifications%2Fcallback'),
      api('/SHOWCASE/ping'),
      api('/Showcase/ping'),
      api('/show%63ase/ping'),
      api('//showcase/ping'),
    ])('should answer 404 to %s', async (path) => {
      const res = await rawRequest(sut.baseUrl, path);

      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString())).toEqual(errorBodies.pluginNotFound);
    });

    it('should keep serving afterwards', async () => {
      await request(sut.baseUrl).get(api('/showcase/ping')).expect(200, 'pong');
    });
  });

  describe('broken plugins', () => {
    it.each([
      ['broken_duplicate', 'PLUGIN_ERR_INVALID_ROUTE', 'declared twice'],
      ['broken_param', 'PLUGIN_ERR_INVALID_ROUTE', '<1x>'],
      ['broken_path', 'PLUGIN_ERR_INVALID_ROUTE', 'must start with "/"'],
      ['broken_prefix', 'PLUGIN_ERR_INVALID_ROUTE', 'PREFIX "v1"'],
      ['broken_handler', 'PLUGIN_ERR_INVALID_HANDLER', 'NotAHandler'],
      ['broken_import', 'PLUGIN_ERR_IMPORT_FAILED', 'fails on purpose'],
    ])('should log %s by name with %s and not serve it', async (plugin, code, reason) => {
      const warnings = parseLogs(sut.logs).filter(
        (line) => line.level === LogLevel.warn && line.plugin === plugin,
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ code, msg: expect.stringContaining(reason) });
      expect(warnings[0].msg).toContain(`Plugin "${plugin}" was not loaded`);

      const res = await request(sut.baseUrl)
        .get(api(`/${plugin}/ok`))
        .expect(404);
      expect(res.body).toEqual(errorBodies.pluginNotFound);
    });

    it('should keep serving every valid plugin', async () => {
      await request(sut.baseUrl).get(api('/showcase/ping')).expect(200, 'pong');
      await request(sut.baseUrl).get(api('/routing/file.json')).expect(200);
      await request(sut.baseUrl)
        .post(api('/notifications/callback'))
        .set('Authorization', TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY)
        .send({ hello: 'world' })
        .expect(202, { status: 'ok' });
      const loaded = parseLogs(sut.logs)
        .filter((line) => line.context === 'PluginLoader' && line.level === LogLevel.info)
        .map((line) => /^Plugin "([a-z0-9_]+)" loaded/.exec(line.msg ?? '')?.[1]);
      expect(loaded).toEqual(
        expect.arrayContaining(['auth_probe', 'effects', 'notifications', 'routing', 'showcase']),
      );
      expect(loaded.filter((name) => name?.startsWith('broken_'))).toEqual([]);
    });
  });
});
