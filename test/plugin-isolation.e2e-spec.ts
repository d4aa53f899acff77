import { fileURLToPath } from 'node:url';
import request from 'supertest';
import WebSocket from 'ws';
import { type TestApp, startTestApp } from './support/test-app.js';

const PLUGINS_DIRS = fileURLToPath(new URL('./fixtures/isolation-plugins', import.meta.url));

function listen(url: string): Promise<{ ws: WebSocket; messages: unknown[] }> {
  const ws = new WebSocket(url);
  const messages: unknown[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

describe('plugin isolation', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ PLUGINS_DIRS, PLUGINS: 'pub_alpha,pub_beta' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it("should give each plugin's handlers that plugin's own BroadcastPublisher", async () => {
    const alpha = await listen(`${sut.wsBaseUrl}/plugin-io/ws/pub_alpha/news/`);
    const beta = await listen(`${sut.wsBaseUrl}/plugin-io/ws/pub_beta/news/`);

    await request(sut.baseUrl).post('/plugin-io/api/pub_alpha/say').expect(204);
    await request(sut.baseUrl).post('/plugin-io/api/pub_beta/say').expect(204);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(alpha.messages).toEqual([{ message: { from: 'pub_alpha' } }]);
    expect(beta.messages).toEqual([{ message: { from: 'pub_beta' } }]);
    alpha.ws.close();
    beta.ws.close();
  });
});
