import { fileURLToPath } from 'node:url';
import type { ClientOptions } from 'ws';
import { sessionCookie } from './support/session.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';
import { type Refusal, connect, expectRefusal } from './support/ws-client.js';

const WS_PLUGINS_DIR = fileURLToPath(new URL('./fixtures/ws-plugins', import.meta.url));
const API_KEY = TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY;

describe('WebSocket upgrade (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: WS_PLUGINS_DIR, WS_AUTH_TIMEOUT_MS: '200' });
  });

  afterAll(async () => {
    await sut.close();
  });

  const url = (path: string): string => `${sut.wsBaseUrl}${path}`;
  const notifications = (query = ''): string =>
    url(`/plugin-io/ws/notifications/notifications/${query}`);

  /** Connects, checks the 101, and closes again. */
  async function expectAccepted(target: string, options: ClientOptions = {}): Promise<void> {
    const client = await connect(target, options);
    try {
      expect(client.upgradeStatus).toBe(101);
      expect(client.isOpen).toBe(true);
    } finally {
      await client.close();
    }
  }

  async function expectDenied(
    target: string,
    body: string,
    options: ClientOptions = {},
  ): Promise<void> {
    const refusal = await expectRefusal(target, options);
    expect(refusal).toEqual<Refusal>({ status: 403, contentType: 'text/plain', body });
  }

  describe('when the plugin checks an API key', () => {
    it('should accept the right key in the api_key query parameter', async () => {
      await expectAccepted(notifications(`?api_key=${API_KEY}`));
    });

    it('should accept the right key in the Authorization header', async () => {
      await expectAccepted(notifications(), { headers: { Authorization: API_KEY } });
    });

    it('should refuse a wrong key with 403 Unauthorized', async () => {
      await expectDenied(notifications('?api_key=wrong-key'), 'Unauthorized');
      await expectDenied(notifications(), 'Unauthorized', { headers: { Authorization: 'wrong' } });
    });

    it('should refuse a missing key with 403 Unauthorized', async () => {
      await expectDenied(notifications(), 'Unauthorized');
      await expectDenied(notifications('?api_key='), 'Unauthorized');
    });

    it('should take the query parameter over the Authorization header', async () => {
      await expectDenied(notifications('?api_key=wrong-key'), 'Unauthorized', {
        headers: { Authorization: API_KEY },
      });
    });
  });

  describe('when the plugin checks the session', () => {
    it('should accept a Staff session', async () => {
      await expectAccepted(notifications(), { headers: { Cookie: await sessionCookie('s-1') } });
    });

    it('should refuse a Patient session with 403 Unauthorized', async () => {
      const cookie = await sessionCookie('p-1', { type: 'Patient' });
      await expectDenied(notifications(), 'Unauthorized', { headers: { Cookie: cookie } });
    });

    it('should refuse an expired Staff session with 403 Unauthorized', async () => {
      const cookie = await sessionCookie('s-1', { expired: true });
      await expectDenied(notifications(), 'Unauthorized', { headers: { Cookie: cookie } });
    });

    it('should refuse a badly signed Staff session with 403 Unauthorized', async () => {
      const cookie = await sessionCookie('s-1', { secret: 'some-other-secret-of-enough-length' });
      await expectDenied(notifications(), 'Unauthorized', { headers: { Cookie: cookie } });
    });

    it('should ignore identity headers sent by the client', async () => {
      const spoofed = {
        'canvas-logged-in-user-id': 's-1',
        'canvas-logged-in-user-type': 'Staff',
      };

      await expectDenied(notifications(), 'Unauthorized', { headers: spoofed });
      await expectDenied(url('/plugin-io/ws/ws_identity/room/'), 'Unauthorized', {
        headers: spoofed,
      });
      await expectDenied(url('/plugin-io/ws/ws_identity/room/'), 'Unauthorized', {
        headers: { ...spoofed, Cookie: await sessionCookie('p-1', { type: 'Patient' }) },
      });
    });

    it('should set the identity headers from the session, replacing spoofed ones', async () => {
      await expectAccepted(url('/plugin-io/ws/ws_identity/room/'), {
        headers: {
          'canvas-logged-in-user-id': 'someone-else',
          'canvas-logged-in-user-type': 'Patient',
          Cookie: await sessionCookie('s-42'),
        },
      });
    });
  });

  describe('when authenticate() fails', () => {
    it('should refuse with 403 Internal server error when it throws', async () => {
      await expectDenied(url('/plugin-io/ws/ws_throws/room/'), 'Internal server error');
    });

    it('should refuse with 403 Internal server error when it does not settle in time', async () => {
      await expectDenied(url('/plugin-io/ws/ws_hangs/room/'), 'Internal server error');
    });

    it('should log the failure without the API key', async () => {
      await expectDenied(
        url('/plugin-io/ws/ws_throws/room/?api_key=secret-in-the-query'),
        'Internal server error',
      );

      const lines = sut.logs.filter((line) => line.includes('ws_throws'));
      expect(lines.some((line) => line.includes('threw'))).toBe(true);
      expect(sut.logs.some((line) => line.includes('secret-in-the-query'))).toBe(false);
    });
  });

  describe('when authenticate() is async', () => {
    it('should accept once the promise resolves true', async () => {
      await expectAccepted(url('/plugin-io/ws/ws_async/allowed/'));
    });

    it('should refuse with 403 Unauthorized when the promise resolves false', async () => {
      await expectDenied(url('/plugin-io/ws/ws_async/forbidden/'), 'Unauthorized');
    });
  });

  describe('when no single class serves the channel', () => {
    it('should refuse an unknown plugin with 403 and an empty body', async () => {
      await expectDenied(url('/plugin-io/ws/no_such_plugin/room/'), '');
    });

    it('should refuse when two classes without CHANNELS would both accept', async () => {
      await expectDenied(url('/plugin-io/ws/ws_twins/room/'), '');
    });

    it('should accept each channel of classes split by CHANNELS', async () => {
      await expectAccepted(url('/plugin-io/ws/ws_split/alpha/'));
      await expectAccepted(url('/plugin-io/ws/ws_split/beta-one/'));
    });

    it('should refuse a channel that no class of the plugin serves', async () => {
      await expectDenied(url('/plugin-io/ws/ws_split/gamma/'), '');
      await expectDenied(url('/plugin-io/ws/showcase/not-showcase/'), '');
    });
  });

  describe('URL', () => {
    it('should accept the channel URL with and without the trailing slash', async () => {
      await expectAccepted(url(`/plugin-io/ws/notifications/notifications/?api_key=${API_KEY}`));
      await expectAccepted(url(`/plugin-io/ws/notifications/notifications?api_key=${API_KEY}`));
    });

    it('should accept Unicode channel names and names of 255 characters', async () => {
      await expectAccepted(url('/plugin-io/ws/ws_relay/caf%C3%A9_%E6%97%A5%E6%9C%AC-1/'));
      await expectAccepted(url(`/plugin-io/ws/ws_relay/${'c'.repeat(255)}/`));
    });

    it.each([
      '/plugin-io/ws/notifications',
      '/plugin-io/ws/notifications/',
      '/plugin-io/ws/notifications/a/b/',
      '/plugin-io/ws/notifications/a/b',
      '/plugin-io/ws//notifications/',
      '/plugin-io/ws',
      '/plugin-io/wsx/notifications/notifications/',
      '/somewhere/else',
    ])('should answer 404 to %s', async (path) => {
      const refusal = await expectRefusal(url(`${path}?api_key=${API_KEY}`));

      expect(refusal.status).toBe(404);
    });

    it.each([
      ['bad%20channel', 'bad%20channel'],
      ['a.b', 'a.b'],
      ['%ZZ (not decodable)', '%ZZ'],
      ['semi%3Bcolon', 'semi%3Bcolon'],
      ['of 256 characters', 'x'.repeat(256)],
    ])('should answer 400 to the channel name %s', async (_label, channel) => {
      const refusal = await expectRefusal(
        url(`/plugin-io/ws/notifications/${channel}/?api_key=${API_KEY}`),
      );

      expect(refusal.status).toBe(400);
    });
  });
});
