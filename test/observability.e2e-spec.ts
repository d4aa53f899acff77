import request from 'supertest';
import WebSocket from 'ws';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';

const API_KEY = TEST_SECRETS.PLUGIN_NOTIFICATIONS_API_KEY;

describe('health and metrics', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should answer liveness and readiness', async () => {
    await request(sut.baseUrl).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(sut.baseUrl).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ ready: true, checks: { broadcastBus: true, accepting: true } });
  });

  it('should count requests by plugin and status, with unknown plugins under one label', async () => {
    await request(sut.baseUrl)
      .post('/plugin-io/api/notifications/callback')
      .set('Authorization', API_KEY)
      .send({ n: 1 })
      .expect(202);
    await request(sut.baseUrl).get('/plugin-io/api/no_such_plugin/x').expect(404);

    const metrics = await request(sut.baseUrl).get('/metrics').expect(200);
    expect(metrics.text).toContain(
      'plugin_io_http_requests_total{plugin="notifications",status="202"} 1',
    );
    expect(metrics.text).toContain('plugin_io_http_requests_total{plugin="-",status="404"} 1');
    expect(metrics.text).toContain(
      'plugin_io_broadcasts_published_total{plugin="notifications"} 1',
    );
    expect(metrics.text).not.toContain('no_such_plugin');
  });

  it('should count open connections and deliveries', async () => {
    const url = `${sut.wsBaseUrl}/plugin-io/ws/notifications/metrics/?api_key=${API_KEY}`;
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

    const metrics = await request(sut.baseUrl).get('/metrics').expect(200);
    expect(metrics.text).toContain('plugin_io_ws_connections{plugin="notifications"} 1');
    expect(metrics.text).toMatch(
      /plugin_io_ws_handshakes_total\{plugin="notifications",outcome="accepted"\} 1/,
    );
    expect(metrics.text).not.toContain(API_KEY);
    ws.close();
  });
});
