import request from 'supertest';
import { errorBodies, rawRequest, rawStatusLine } from './support/http-fixtures.js';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/test-app.js';

const api = (path: string) => `/plugin-io/api${path}`;
const BEARER = `Bearer ${TEST_SECRETS.PLUGIN_SHOWCASE_BEARER_TOKEN}`;

/** A multipart body with one text field and one file part. */
function multipartBody(boundary: string, file: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\n` +
        'Content-Disposition: form-data; name="note"\r\n\r\n' +
        'hello, form\r\n' +
        `--${boundary}\r\n` +
        'Content-Disposition: form-data; name="upload"; filename="report.pdf"\r\n' +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('SimpleAPI requests (e2e)', () => {
  let sut: TestApp;

  const echo = (kind: string, query = '') =>
    request(sut.baseUrl)
      .post(api(`/showcase/echo/${kind}${query}`))
      .set('X-Client', 'tests');
  const forms = () =>
    request(sut.baseUrl).post(api('/showcase/forms')).set('Authorization', BEARER);
  const expectStillServing = async (): Promise<void> => {
    await request(sut.baseUrl).get(api('/showcase/ping')).expect(200, 'pong');
  };

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('parsing', () => {
    it('should keep repeated query keys and blank values in order', async () => {
      const res = await echo('text', '?a=1&a=2&b=&c&d=x%20y+z').send('').expect(200);

      expect(res.body).toMatchObject({
        method: 'POST',
        path: '/echo/text',
        query: [
          ['a', '1'],
          ['a', '2'],
          ['b', ''],
          ['c', ''],
          ['d', 'x y z'],
        ],
      });
    });

    it('should split list-valued headers and keep the others whole', async () => {
      const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)';
      const res = await echo('text')
        .set('Accept', 'application/json, text/plain;q=0.5')
        .set('User-Agent', userAgent)
        .send('')
        .expect(200);

      expect(res.body).toMatchObject({
        accept: ['application/json', 'text/plain;q=0.5'],
        userAgent,
      });
    });

    it('should parse a JSON body', async () => {
      const res = await echo('json')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ list: [1, 'two', null], nested: { ok: true } }))
        .expect(200);

      expect(res.body).toMatchObject({
        contentType: 'application/json',
        body: { list: [1, 'two', null], nested: { ok: true } },
      });
    });

    it('should accept any top-level JSON value', async () => {
      const res = await echo('json')
        .set('Content-Type', 'application/json')
        .send('"just a string"');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ body: 'just a string' });
    });

    it('should read a text body as UTF-8', async () => {
      const res = await echo('text')
        .set('Content-Type', 'text/plain')
        .send('héllo, wörld ✓')
        .expect(200);

      expect(res.body).toMatchObject({ contentType: 'text/plain', body: 'héllo, wörld ✓' });
    });

    it('should tolerate a Content-Type with a trailing ";"', async () => {
      const res = await echo('json')
        .set('Content-Type', 'application/json;')
        .send('{"a":1}')
        .expect(200);

      expect(res.body).toMatchObject({ contentType: 'application/json', body: { a: 1 } });
    });

    it('should report no content type when none is sent', async () => {
      const res = await rawRequest(sut.baseUrl, api('/showcase/echo/text'), {
        method: 'POST',
        headers: { 'X-Client': 'tests', 'Content-Length': '0' },
      });

      expect(res.status).toBe(200);
      expect(JSON.parse(res.body.toString())).toMatchObject({ contentType: null, body: '' });
    });

    it('should parse an urlencoded form with repeated keys', async () => {
      const res = await forms().type('form').send('tag=a&name=Ann+Lee&tag=b&empty=').expect(200);

      expect(res.body).toEqual({
        parts: [
          { name: 'tag', value: 'a' },
          { name: 'name', value: 'Ann Lee' },
          { name: 'tag', value: 'b' },
          { name: 'empty', value: '' },
        ],
      });
    });

    it('should parse a multipart form with a text field and a file part', async () => {
      const file = Buffer.alloc(1500, 7);
      const res = await forms()
        .field('note', 'hello, form')
        .attach('upload', file, { filename: 'report.pdf', contentType: 'application/pdf' })
        .expect(200);

      expect(res.body).toEqual({
        parts: [
          { name: 'note', value: 'hello, form' },
          { name: 'upload', filename: 'report.pdf', contentType: 'application/pdf', size: 1500 },
        ],
      });
    });

    it('should answer 400 when a form is read from another content type', async () => {
      const res = await forms().set('Content-Type', 'application/json').send('{}').expect(400);
      expect(res.body).toEqual(errorBodies.badBody);
    });
  });

  describe('bad input', () => {
    it('should answer 400 to malformed JSON', async () => {
      const res = await echo('json').set('Content-Type', 'application/json').send('{"a":');

      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBodies.invalidJson);
      await expectStillServing();
    });

    it('should answer 400 to an empty JSON body', async () => {
      const res = await echo('json').set('Content-Type', 'application/json').send('');

      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBodies.invalidJson);
    });

    // Sent raw: supertest would serialise a Buffer as JSON or as a form.
    it.each([
      ['text()', 'echo/text', 'text/plain', { 'X-Client': 'tests' }],
      ['json()', 'echo/json', 'application/json', { 'X-Client': 'tests' }],
      ['formData()', 'forms', 'application/x-www-form-urlencoded', { Authorization: BEARER }],
    ])('should answer 400 to invalid UTF-8 read by %s', async (_reader, path, type, auth) => {
      const res = await rawRequest(sut.baseUrl, api(`/showcase/${path}`), {
        method: 'POST',
        headers: { ...auth, 'Content-Type': type, 'Content-Length': '6' },
        chunks: [Buffer.from([0x61, 0x3d, 0x22, 0xff, 0xfe, 0x22])],
      });

      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toEqual(errorBodies.invalidUtf8);
      await expectStillServing();
    });

    it('should answer 400 to a truncated multipart body', async () => {
      const boundary = 'b0undary';
      const whole = multipartBody(boundary, Buffer.alloc(100, 1));
      const res = await forms()
        .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
        .send(whole.subarray(0, whole.length - 40));

      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBodies.badBody);
      await expectStillServing();
    });

    it('should answer 400 to a multipart body cut inside a text field', async () => {
      const res = await forms()
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send('--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello');

      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBodies.badBody);
    });

    it('should answer 400 to multipart without a boundary', async () => {
      const res = await forms().set('Content-Type', 'multipart/form-data').send('--x--');

      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBodies.badBody);
      await expectStillServing();
    });

    it('should answer 400 to bad percent-encoding in a path parameter', async () => {
      const res = await rawRequest(sut.baseUrl, api('/showcase/stores/%E0%A4%A/items/1'), {
        headers: { 'X-Api-Key': TEST_SECRETS.PLUGIN_SHOWCASE_SIMPLEAPI_API_KEY },
      });

      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toEqual(errorBodies.badPath);
      await expectStillServing();
    });

    it('should answer 431 to a 64 KiB header', async () => {
      const statusLine = await rawStatusLine(
        sut.baseUrl,
        `GET ${api('/showcase/ping')} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ${'a'.repeat(64 * 1024)}`,
      );

      expect(statusLine).toMatch(/^HTTP\/1\.1 431 /);
      await expectStillServing();
    });
  });
});

describe('SimpleAPI request body limit (e2e)', () => {
  const LIMIT = 1024;
  let sut: TestApp;

  const echoText = api('/showcase/echo/text');

  beforeAll(async () => {
    sut = await startTestApp({ HTTP_BODY_LIMIT_BYTES: String(LIMIT) });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should accept a body of exactly the limit', async () => {
    const body = 'x'.repeat(LIMIT);
    const res = await request(sut.baseUrl)
      .post(echoText)
      .set('X-Client', 'tests')
      .set('Content-Type', 'text/plain')
      .send(body)
      .expect(200);

    expect(res.body).toMatchObject({ body });
  });

  it('should answer 413 to a declared Content-Length over the limit', async () => {
    const res = await request(sut.baseUrl)
      .post(echoText)
      .set('X-Client', 'tests')
      .set('Content-Type', 'text/plain')
      .send('x'.repeat(LIMIT + 1))
      .expect(413);

    expect(res.body).toEqual(errorBodies.bodyTooLarge(LIMIT));
  });

  it('should answer 413 to a chunked body that grows over the limit', async () => {
    const res = await rawRequest(sut.baseUrl, echoText, {
      method: 'POST',
      headers: { 'X-Client': 'tests', 'Content-Type': 'text/plain' },
      chunks: [Buffer.alloc(600, 0x61), Buffer.alloc(600, 0x62)],
    });

    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString())).toEqual(errorBodies.bodyTooLarge(LIMIT));
  });

  it('should accept a chunked body under the limit', async () => {
    const res = await rawRequest(sut.baseUrl, echoText, {
      method: 'POST',
      headers: { 'X-Client': 'tests', 'Content-Type': 'text/plain' },
      chunks: [Buffer.from('abc'), Buffer.from('def')],
    });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ body: 'abcdef' });
  });

  it('should keep serving afterwards', async () => {
    await request(sut.baseUrl).get(api('/showcase/ping')).expect(200, 'pong');
  });
});
