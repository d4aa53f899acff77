import request from 'supertest';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';

describe('plugin-io (smoke)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should accept a notifications callback with the API key', async () => {
    await request(sut.baseUrl)
      .post('/plugin-io/api/notifications/callback')
      .set('Authorization', TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY)
      .send({ hello: 'world' })
      .expect(202, { status: 'ok' });
  });
});
