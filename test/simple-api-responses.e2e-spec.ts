import request from 'supertest';
import {
  ChannelListener,
  HTTP_FIXTURE_PLUGINS_DIR,
  LogLevel,
  parseLogs,
} from './support/http-fixtures.js';
import { sessionCookie } from './support/session.js';
import { type TestApp, startTestApp } from './support/test-app.js';

const api = (path: string) => `/plugin-io/api${path}`;

/** How long a discarded broadcast is given to (wrongly) show up. */
const QUIET_PERIOD_MS = 150;

describe('SimpleAPI responses and effects (e2e)', () => {
  let sut: TestApp;
  let listener: ChannelListener;

  const results = (query: Record<string, string>) =>
    request(sut.baseUrl).get(api('/effects/results')).query(query);

  /** Sends a 2xx broadcast and expects it to be the only frame the listener got. */
  async function expectOnlySentinelDelivered(tag: string): Promise<void> {
    await results({ case: 'ok-with-broadcast', tag: `sentinel-${tag}` }).expect(200);
    const frames = await listener.waitForFrames(1);
    expect(frames).toEqual([{ message: { case: 'ok-with-broadcast', tag: `sentinel-${tag}` } }]);
  }

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: HTTP_FIXTURE_PLUGINS_DIR });
  });

  afterAll(async () => {
    await sut.close();
  });

  beforeEach(async () => {
    listener = await ChannelListener.open(`${sut.wsBaseUrl}/plugin-io/ws/effects/events/`);
  });

  afterEach(async () => {
    await listener.close();
  });

  describe('effects that are applied', () => {
    it('should deliver the broadcast of a 2xx response', async () => {
      const res = await results({ case: 'ok-with-broadcast', tag: 'a' }).expect(200);

      expect(res.body).toEqual({ ok: true });
      expect(await listener.waitForFrames(1)).toEqual([
        { message: { case: 'ok-with-broadcast', tag: 'a' } },
      ]);
    });

    it('should answer 204 and deliver the broadcast when no response is returned', async () => {
      const res = await results({ case: 'effects-only', tag: 'b' }).expect(204);

      expect(res.text).toBe('');
      expect(await listener.waitForFrames(1)).toEqual([
        { message: { case: 'effects-only', tag: 'b' } },
      ]);
    });

    it('should deliver the broadcast of a 3xx response', async () => {
      const res = await results({ case: 'redirect-with-broadcast', tag: 'c' }).expect(302);

      expect(res.headers.location).toBe('/elsewhere');
      expect(await listener.waitForFrames(1)).toEqual([
        { message: { case: 'redirect-with-broadcast', tag: 'c' } },
      ]);
    });
  });

  describe('an error response', () => {
    it.each([
      ['error-with-broadcast', 404, { error: 'gone' }],
      ['broadcast-after-error', 409, { error: 'conflict' }],
    ])('should discard the broadcast of %s and answer %s', async (name, status, body) => {
      const res = await results({ case: name }).expect(status);

      expect(res.body).toEqual(body);
      expect(await listener.framesAfter(QUIET_PERIOD_MS)).toEqual([]);
      await expectOnlySentinelDelivered(name);
    });

    it('should discard the broadcast of a 5xx response', async () => {
      const res = await results({ case: 'server-error-with-broadcast' }).expect(503);

      expect(res.text).toBe('down');
      expect(await listener.framesAfter(QUIET_PERIOD_MS)).toEqual([]);
      await expectOnlySentinelDelivered('5xx');
    });

    it('should win when it comes before a 2xx response', async () => {
      const res = await results({ case: 'error-then-ok' }).expect(400);
      expect(res.body).toEqual({ error: 'bad' });
    });
  });

  describe('an invalid result', () => {
    it.each([
      'two-responses',
      'ok-then-error',
      'throws',
      'bad-channel',
      'cycle',
      'bigint',
      'unapplied',
      'forged',
      'unknown-effect',
      'plain-object',
      'not-a-list',
      'status-99',
      'status-600',
      'status-fraction',
    ])('should answer a bare 500 and apply nothing for %s', async (name) => {
      const res = await results({ case: name }).expect(500);

      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
      expect(await listener.framesAfter(QUIET_PERIOD_MS)).toEqual([]);
      await expectOnlySentinelDelivered(name);
    });

    it('should log the failure as an error naming the route class', async () => {
      await results({ case: 'throws' }).expect(500);

      const logged = parseLogs(sut.logs).filter(
        (line) =>
          line.level === LogLevel.error &&
          line.code === 'SIMPLEAPI_ERR_HANDLER_FAILED' &&
          line.msg?.includes('ResultsRoute.get()'),
      );
      expect(logged.length).toBeGreaterThan(0);
    });
  });

  describe('async route methods', () => {
    it('should await the returned promise', async () => {
      const res = await results({ case: 'async' }).expect(200);
      expect(res.text).toBe('later');
    });
  });

  describe('Content-Type', () => {
    it.each(['Content-Type', 'content-type', 'CONTENT-TYPE', 'cOnTeNt-TyPe'])(
      'should let the JSONResponse type win over a user header spelled %s',
      async (spelling) => {
        const res = await results({ case: 'content-type', spelling }).expect(200);

        expect(res.headers['content-type']).toBe('application/json');
        expect(res.headers['x-extra']).toBe('kept');
        expect(res.body).toEqual({ ok: true });
      },
    );

    it.each(['Content-Type', 'content-type'])(
      'should let the content type given to Response win over a user header spelled %s',
      async (spelling) => {
        const res = await results({ case: 'raw-content-type', spelling }).expect(200);

        expect(res.headers['content-type']).toBe('application/x-raw');
        expect(res.text).toBe('raw');
      },
    );
  });

  describe('response classes (showcase ResponsesRoute)', () => {
    const responses = (kind?: string) => {
      const pending = request(sut.baseUrl).get(api('/showcase/responses'));
      return kind === undefined ? pending : pending.query({ kind });
    };

    it('should send a JSONResponse as application/json with its headers', async () => {
      const res = await responses('json').expect(200);

      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toBe('{"kind":"json"}');
    });

    it('should send a PlainTextResponse as text/plain', async () => {
      const res = await responses('text').expect(200);

      expect(res.headers['content-type']).toBe('text/plain');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toBe('plain text');
    });

    it('should send an HTMLResponse as text/html', async () => {
      const res = await responses('html').expect(200);

      expect(res.headers['content-type']).toBe('text/html');
      expect(res.text).toBe('<p>html</p>');
    });

    it('should send the bytes of a Response with the content type it names', async () => {
      const res = await responses('bytes')
        .buffer(true)
        .parse((stream, done) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);

      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.body).toEqual(Buffer.from([0, 1, 2]));
    });

    it('should answer 204 with no body when no response is returned', async () => {
      const res = await responses('none').expect(204);

      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
    });

    it('should answer 418 and discard the broadcast next to it', async () => {
      const staff = await ChannelListener.open(`${sut.wsBaseUrl}/plugin-io/ws/showcase/showcase/`, {
        Cookie: await sessionCookie('staff-1'),
      });
      try {
        const res = await responses('teapot').expect(418);

        expect(res.body).toEqual({ error: 'short and stout' });
        expect(await staff.framesAfter(QUIET_PERIOD_MS)).toEqual([]);
      } finally {
        await staff.close();
      }
    });
  });
});
