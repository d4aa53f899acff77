import request from 'supertest';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';

describe('CORS_ORIGINS', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ CORS_ORIGINS: 'https://app.example.com' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should answer a preflight for an allowed origin', async () => {
    const response = await request(sut.baseUrl)
      .options('/plugin-io/api/notifications/callback')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);

    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });

  it('should not allow another origin', async () => {
    const response = await request(sut.baseUrl)
      .options('/plugin-io/api/notifications/callback')
      .set('Origin', 'https://evil.example.net')
      .set('Access-Control-Request-Method', 'POST');

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should add the CORS header to ordinary responses', async () => {
    const response = await request(sut.baseUrl)
      .post('/plugin-io/api/notifications/callback')
      .set('Origin', 'https://app.example.com')
      .set('Authorization', TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY)
      .send({ a: 1 })
      .expect(202);

    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });
});
