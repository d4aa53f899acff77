import request from 'supertest';
import {
  HTTP_FIXTURE_PLUGINS_DIR,
  LogLevel,
  basicAuth,
  errorBodies,
  parseLogs,
} from './support/http-fixtures.js';
import { sessionCookie } from './support/session.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';

const api = (path: string) => `/plugin-io/api${path}`;
const { PLUGIN_SHOWCASE_SIMPLEAPI_BASIC_USERNAME: USERNAME } = TEST_SECRETS;
const { PLUGIN_SHOWCASE_SIMPLEAPI_BASIC_PASSWORD: PASSWORD } = TEST_SECRETS;
const { PLUGIN_SHOWCASE_SIMPLEAPI_API_KEY: API_KEY } = TEST_SECRETS;
const { PLUGIN_SHOWCASE_BEARER_TOKEN: BEARER_TOKEN } = TEST_SECRETS;

/** Every secret value, and the Authorization values built from them, must stay out of the logs. */
function expectNoSecretsIn(logs: readonly string[], extra: readonly string[] = []): void {
  const text = logs.join('');
  const forbidden = [
    ...Object.values(TEST_SECRETS),
    basicAuth(`${USERNAME}:${PASSWORD}`).slice('Basic '.length),
    ...extra,
  ];
  for (const value of forbidden) {
    expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
  }
}

describe('SimpleAPI authentication (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS: HTTP_FIXTURE_PLUGINS_DIR });
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('Basic credentials', () => {
    const whoami = api('/showcase/basic/whoami');

    it('should require credentials', async () => {
      const res = await request(sut.baseUrl).get(whoami).expect(401);
      expect(res.body).toEqual(errorBodies.noAuthorizationHeader);
    });

    it('should accept the right username and password', async () => {
      const res = await request(sut.baseUrl)
        .get(whoami)
        .set('Authorization', basicAuth(`${USERNAME}:${PASSWORD}`))
        .expect(200);
      expect(res.body).toEqual({ scheme: 'basic' });
    });

    it('should accept the scheme in any case', async () => {
      const value = basicAuth(`${USERNAME}:${PASSWORD}`).replace('Basic', 'bAsIc');
      await request(sut.baseUrl).get(whoami).set('Authorization', value).expect(200);
    });

    it('should reject an empty Authorization header as missing', async () => {
      const res = await request(sut.baseUrl).get(whoami).set('Authorization', '').expect(401);
      expect(res.body).toEqual(errorBodies.noAuthorizationHeader);
    });

    it.each([
      ['another scheme', `Bearer ${BEARER_TOKEN}`],
      ['no scheme separator', 'Basic'],
      ['a bare value', 'YWxpY2U6cA=='],
    ])('should reject %s as an unrecognized scheme', async (_case, value) => {
      const res = await request(sut.baseUrl).get(whoami).set('Authorization', value).expect(401);
      expect(res.body).toEqual(errorBodies.unrecognizedScheme);
    });

    it.each([
      ['bad base64', 'Basic !!!not-base64!!!'],
      ['bad padding', 'Basic YWxpY2U6cA='],
      ['no colon', basicAuth('alicepassword')],
      ['an empty username', basicAuth(`:${PASSWORD}`)],
      ['an empty password', basicAuth(`${USERNAME}:`)],
      ['invalid UTF-8', `Basic ${Buffer.from([0xff, 0x3a, 0x61]).toString('base64')}`],
    ])('should reject %s as incorrectly formatted', async (_case, value) => {
      const res = await request(sut.baseUrl).get(whoami).set('Authorization', value).expect(401);
      expect(res.body).toEqual(errorBodies.incorrectlyFormatted);
    });

    it.each([
      ['a wrong password', basicAuth(`${USERNAME}:wrong`)],
      ['a wrong username', basicAuth(`mallory:${PASSWORD}`)],
      ['the password cut at its first colon', basicAuth(`${USERNAME}:${PASSWORD.split(':')[0]}`)],
    ])('should reject %s as invalid', async (_case, value) => {
      const res = await request(sut.baseUrl).get(whoami).set('Authorization', value).expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
      expect(res.headers['www-authenticate']).toBeUndefined();
    });
  });

  describe('Bearer credentials', () => {
    const bearer = api('/showcase/bearer');

    it('should require credentials', async () => {
      const res = await request(sut.baseUrl).get(bearer).expect(401);
      expect(res.body).toEqual(errorBodies.noAuthorizationHeader);
    });

    it('should accept the right token', async () => {
      const res = await request(sut.baseUrl)
        .get(bearer)
        .set('Authorization', `Bearer ${BEARER_TOKEN}`)
        .expect(200);
      expect(res.body).toEqual({ scheme: 'bearer' });
    });

    it('should reject another scheme', async () => {
      const res = await request(sut.baseUrl)
        .get(bearer)
        .set('Authorization', `Token ${BEARER_TOKEN}`)
        .expect(401);
      expect(res.body).toEqual(errorBodies.unrecognizedScheme);
    });

    it('should reject an empty token (HTTP trims "Bearer " to "Bearer") as an unrecognized scheme', async () => {
      const res = await request(sut.baseUrl)
        .get(bearer)
        .set('Authorization', 'Bearer ')
        .expect(401);
      expect(res.body).toEqual(errorBodies.unrecognizedScheme);
    });

    it('should reject a wrong token as invalid', async () => {
      const res = await request(sut.baseUrl)
        .get(bearer)
        .set('Authorization', 'Bearer not-the-token')
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });
  });

  describe('API key credentials in a custom header', () => {
    const item = api('/showcase/stores/north/items/1');

    it('should require the X-Api-Key header', async () => {
      const res = await request(sut.baseUrl).get(item).set('Authorization', API_KEY).expect(401);
      expect(res.body).toEqual(errorBodies.noAuthorizationHeader);
    });

    it('should reject an empty key as incorrectly formatted', async () => {
      const res = await request(sut.baseUrl).get(item).set('X-Api-Key', '').expect(401);
      expect(res.body).toEqual(errorBodies.incorrectlyFormatted);
    });

    it('should reject a wrong key as invalid', async () => {
      const res = await request(sut.baseUrl).get(item).set('X-Api-Key', 'wrong-key').expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should accept the right key, whatever the header spelling', async () => {
      await request(sut.baseUrl).get(item).set('x-api-key', API_KEY).expect(200);
      await request(sut.baseUrl).delete(item).set('X-API-KEY', API_KEY).expect(204);
    });
  });

  describe('API key credentials in Authorization', () => {
    const callback = api('/notifications/callback');

    it('should take the whole header value as the key', async () => {
      await request(sut.baseUrl)
        .post(callback)
        .set('Authorization', TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY)
        .send({ n: 1 })
        .expect(202, { status: 'ok' });
      const res = await request(sut.baseUrl)
        .post(callback)
        .set('Authorization', `Bearer ${TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY}`)
        .send({ n: 2 })
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });
  });

  describe('Session credentials', () => {
    const staffMe = api('/showcase/staff/me');
    const patientMe = api('/showcase/patient/me');

    it('should require a session', async () => {
      const res = await request(sut.baseUrl).get(staffMe).expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should accept a staff session on a staff route', async () => {
      const res = await request(sut.baseUrl)
        .get(staffMe)
        .set('Cookie', await sessionCookie('staff-1'))
        .expect(200);
      expect(res.body).toEqual({ id: 'staff-1' });
    });

    it('should reject a patient session on a staff route', async () => {
      const res = await request(sut.baseUrl)
        .get(staffMe)
        .set('Cookie', await sessionCookie('patient-1', { type: 'Patient' }))
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should accept a patient session on a patient route', async () => {
      const res = await request(sut.baseUrl)
        .get(patientMe)
        .set('Cookie', await sessionCookie('patient-1', { type: 'Patient' }))
        .expect(200);
      expect(res.body).toEqual({ id: 'patient-1' });
    });

    it('should reject a staff session on a patient route', async () => {
      const res = await request(sut.baseUrl)
        .get(patientMe)
        .set('Cookie', await sessionCookie('staff-1'))
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should reject an expired session', async () => {
      const res = await request(sut.baseUrl)
        .get(staffMe)
        .set('Cookie', await sessionCookie('staff-1', { expired: true }))
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should reject a session signed with another secret', async () => {
      const cookie = await sessionCookie('staff-1', {
        secret: 'some-other-secret-with-enough-length',
      });
      const res = await request(sut.baseUrl).get(staffMe).set('Cookie', cookie).expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should ignore identity headers sent without a session', async () => {
      const res = await request(sut.baseUrl)
        .get(staffMe)
        .set('canvas-logged-in-user-id', 'staff-1')
        .set('canvas-logged-in-user-type', 'Staff')
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should ignore identity headers that contradict the session', async () => {
      const patientCookie = await sessionCookie('patient-1', { type: 'Patient' });
      await request(sut.baseUrl)
        .get(staffMe)
        .set('Cookie', patientCookie)
        .set('Canvas-Logged-In-User-Type', 'Staff')
        .expect(401);

      const res = await request(sut.baseUrl)
        .get(staffMe)
        .set('Cookie', await sessionCookie('staff-1'))
        .set('canvas-logged-in-user-id', 'staff-999')
        .expect(200);
      expect(res.body).toEqual({ id: 'staff-1' });
    });
  });

  describe('custom Credentials', () => {
    const echo = api('/showcase/echo/text');

    it('should deny a request without the custom header', async () => {
      const res = await request(sut.baseUrl).post(echo).send('hi').expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should accept a request the handler recognises', async () => {
      await request(sut.baseUrl)
        .post(echo)
        .set('X-Client', 'tests')
        .set('Content-Type', 'text/plain')
        .send('hi')
        .expect(200);
    });

    it('should answer a bare 500 when the credentials class throws an ordinary error', async () => {
      const res = await request(sut.baseUrl).get(api('/auth_probe/signed')).expect(500);
      expect(res.text).toBe('');
    });

    it('should serve a request the custom credentials accept', async () => {
      await request(sut.baseUrl)
        .get(api('/auth_probe/signed'))
        .set('X-Signature', 'valid')
        .expect(200, 'signed ok');
      const res = await request(sut.baseUrl)
        .get(api('/auth_probe/signed'))
        .set('X-Signature', 'forged')
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });
  });

  describe('authenticate()', () => {
    it('should answer a bare 500 when it throws', async () => {
      const res = await request(sut.baseUrl).get(api('/auth_probe/throws')).expect(500);

      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
      const logged = parseLogs(sut.logs).filter(
        (line) => line.level === LogLevel.error && line.code === 'SIMPLEAPI_ERR_HANDLER_FAILED',
      );
      expect(logged.some((line) => line.msg?.includes('ThrowingAuthApi.authenticate()'))).toBe(
        true,
      );
    });

    it('should answer a bare 500 when its promise rejects', async () => {
      const res = await request(sut.baseUrl).get(api('/auth_probe/rejects')).expect(500);
      expect(res.text).toBe('');
    });

    it('should accept when its promise resolves to true', async () => {
      await request(sut.baseUrl)
        .get(api('/auth_probe/async'))
        .set('X-Pass', 'yes')
        .expect(200, 'async ok');
    });

    it('should deny when its promise resolves to false', async () => {
      const res = await request(sut.baseUrl)
        .get(api('/auth_probe/async'))
        .set('X-Pass', 'no')
        .expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should deny by default', async () => {
      const res = await request(sut.baseUrl).get(api('/auth_probe/default')).expect(401);
      expect(res.body).toEqual(errorBodies.invalidCredentials);
    });

    it('should answer 401 with the message of an AuthenticationError it throws', async () => {
      const res = await request(sut.baseUrl).get(api('/auth_probe/message')).expect(401);
      expect(res.body).toEqual(errorBodies.incorrectlyFormatted);
    });

    it('should be able to read the request body', async () => {
      await request(sut.baseUrl)
        .post(api('/auth_probe/body'))
        .send({ token: 'letmein' })
        .expect(200, 'body ok');
      await request(sut.baseUrl).post(api('/auth_probe/body')).send({ token: 'guess' }).expect(401);
    });

    it('should not run for an unknown route', async () => {
      const before = parseLogs(sut.logs).length;
      await request(sut.baseUrl).get(api('/auth_probe/throws/extra')).expect(404);
      const errors = parseLogs(sut.logs)
        .slice(before)
        .filter((line) => line.level >= LogLevel.error);
      expect(errors).toEqual([]);
    });
  });

  describe('logs', () => {
    it('should never contain a secret value, even after failures', async () => {
      const staff = await sessionCookie('staff-1');
      const requests = [
        request(sut.baseUrl)
          .get(api('/showcase/basic/whoami'))
          .set('Authorization', basicAuth(`${USERNAME}:${PASSWORD}`)),
        request(sut.baseUrl)
          .get(api('/showcase/basic/whoami'))
          .set('Authorization', basicAuth(`${USERNAME}:${PASSWORD}x`)),
        request(sut.baseUrl)
          .get(api('/showcase/bearer'))
          .set('Authorization', `Bearer ${BEARER_TOKEN}`),
        request(sut.baseUrl)
          .get(api('/showcase/bearer'))
          .set('Authorization', `Token ${BEARER_TOKEN}`),
        request(sut.baseUrl).get(api('/showcase/stores/s/items/i')).set('X-Api-Key', API_KEY),
        request(sut.baseUrl).get(api('/showcase/stores/s/items/i')).set('Authorization', API_KEY),
        request(sut.baseUrl)
          .get(api('/auth_probe/throws'))
          .set('Authorization', `Bearer ${BEARER_TOKEN}`),
        request(sut.baseUrl).get(api('/showcase/nope')).set('X-Api-Key', API_KEY),
        request(sut.baseUrl).get(api('/showcase/staff/me')).set('Cookie', staff),
        request(sut.baseUrl)
          .post(api('/notifications/callback'))
          .set('Authorization', TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY)
          .send('{not json'),
      ];
      const statuses = [];
      for (const pending of requests) {
        statuses.push((await pending).status);
      }

      expect(statuses).toEqual([200, 401, 200, 401, 200, 401, 500, 404, 200, 400]);
      expectNoSecretsIn(sut.logs, [staff.slice('session='.length)]);
    });
  });
});

describe('SimpleAPI authentication with an unset secret (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ PLUGIN_SHOWCASE_SIMPLEAPI_API_KEY: '' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should warn about the secret by name at start-up', () => {
    const warnings = parseLogs(sut.logs).filter(
      (line) => line.level === LogLevel.warn && line.msg?.includes('"simpleapi-api-key"'),
    );
    expect(warnings).toHaveLength(1);
  });

  it('should answer 401 and log an error naming the secret', async () => {
    const res = await request(sut.baseUrl)
      .get(api('/showcase/stores/north/items/1'))
      .set('X-Api-Key', API_KEY)
      .expect(401);

    expect(res.body).toEqual(errorBodies.invalidCredentials);
    const errors = parseLogs(sut.logs).filter((line) => line.level === LogLevel.error);
    expect(errors).toHaveLength(1);
    expect(errors[0].msg).toContain('"simpleapi-api-key"');
    expect(errors[0].msg).toContain('PLUGIN_SHOWCASE_SIMPLEAPI_API_KEY');
  });

  it('should keep the other secrets working', async () => {
    await request(sut.baseUrl)
      .get(api('/showcase/basic/whoami'))
      .set('Authorization', basicAuth(`${USERNAME}:${PASSWORD}`))
      .expect(200);
  });

  it('should never log a secret value', () => {
    expectNoSecretsIn(sut.logs);
  });
});
