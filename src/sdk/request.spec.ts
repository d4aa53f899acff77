import { FileFormPart, StringFormPart } from './form-data.js';
import { parseRawHeaders } from './headers.js';
import { SimpleAPIRequest } from './request.js';
import { RequestBodyError } from './request-body.error.js';

function buildRequest(
  init: { queryString?: string; headers?: string[]; body?: Buffer | string } = {},
): SimpleAPIRequest {
  return new SimpleAPIRequest({
    method: 'POST',
    path: '/x',
    queryString: init.queryString ?? '',
    headers: parseRawHeaders(init.headers ?? []),
    body: Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body ?? ''),
  });
}

const BOUNDARY = '----spec-boundary-7MA4YWxk';

function multipartBody(parts: string[]): Buffer {
  return Buffer.from(
    parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join('') + `--${BOUNDARY}--\r\n`,
  );
}

describe(SimpleAPIRequest.name, () => {
  describe('constructor', () => {
    it('should default pathParams to an empty object', () => {
      expect(buildRequest().pathParams).toEqual({});
    });
  });

  describe('queryParams', () => {
    it('should keep repeated keys in order', () => {
      const sut = buildRequest({ queryString: 'tag=a&other=x&tag=b' });

      expect(sut.queryParams.getList('tag')).toEqual(['a', 'b']);
      expect(sut.queryParams.get('tag')).toBe('a');
      expect(sut.queryParams.keys()).toEqual(['tag', 'other']);
    });

    it('should keep blank values', () => {
      const sut = buildRequest({ queryString: 'empty=&bare' });

      expect(sut.queryParams.get('empty')).toBe('');
      expect(sut.queryParams.get('bare')).toBe('');
    });

    it('should decode "+" as a space and percent-escapes', () => {
      const sut = buildRequest({ queryString: 'q=a+b%2Bc&name=J%C3%BCrgen&k%20ey=v' });

      expect(sut.queryParams.get('q')).toBe('a b+c');
      expect(sut.queryParams.get('name')).toBe('Jürgen');
      expect(sut.queryParams.get('k ey')).toBe('v');
    });

    it('should be empty without a query string', () => {
      expect(buildRequest().queryParams.size).toBe(0);
    });
  });

  describe('contentType', () => {
    it('should return the media type in lower case without parameters', () => {
      const sut = buildRequest({ headers: ['Content-Type', 'Multipart/Form-Data; boundary=X'] });

      expect(sut.contentType).toBe('multipart/form-data');
    });

    it('should tolerate a trailing ";"', () => {
      const sut = buildRequest({ headers: ['Content-Type', 'application/json;'] });

      expect(sut.contentType).toBe('application/json');
    });

    it('should be null when the header is absent', () => {
      expect(buildRequest().contentType).toBeNull();
    });

    it('should be null when the header is blank', () => {
      expect(
        buildRequest({ headers: ['Content-Type', ' ; charset=utf-8'] }).contentType,
      ).toBeNull();
    });
  });

  describe('text', () => {
    it('should decode UTF-8', () => {
      expect(buildRequest({ body: 'héllo ✓' }).text()).toBe('héllo ✓');
    });

    it('should throw RequestBodyError on invalid UTF-8', () => {
      const sut = buildRequest({ body: Buffer.from([0x68, 0xc3, 0x28]) });

      expect(() => sut.text()).toThrow(RequestBodyError);
    });

    it('should throw RequestBodyError on an overlong encoding', () => {
      const sut = buildRequest({ body: Buffer.from([0xc0, 0xaf]) });

      expect(() => sut.text()).toThrow('Request body is not valid UTF-8');
    });
  });

  describe('json', () => {
    it('should parse any top-level JSON value', () => {
      expect(buildRequest({ body: '{"a":[1,2]}' }).json()).toEqual({ a: [1, 2] });
      expect(buildRequest({ body: '"text"' }).json()).toBe('text');
      expect(buildRequest({ body: 'null' }).json()).toBeNull();
    });

    it('should throw RequestBodyError on invalid JSON', () => {
      const sut = buildRequest({ body: '{"a":' });

      expect(() => sut.json()).toThrow(RequestBodyError);
      expect(() => sut.json()).toThrow('Request body is not valid JSON');
    });

    it('should throw RequestBodyError on an empty body', () => {
      expect(() => buildRequest().json()).toThrow(RequestBodyError);
    });

    it('should throw RequestBodyError on invalid UTF-8', () => {
      const sut = buildRequest({ body: Buffer.from([0x22, 0xff, 0x22]) });

      expect(() => sut.json()).toThrow(RequestBodyError);
    });
  });

  describe('formData', () => {
    it('should parse an urlencoded body with repeated keys', async () => {
      const sut = buildRequest({
        headers: ['Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8'],
        body: 'tag=a&name=J%C3%BCrgen+K&tag=b&empty=',
      });

      const form = await sut.formData();

      expect(form.getList('tag').map((part) => (part as StringFormPart).value)).toEqual(['a', 'b']);
      expect(form.get('name')).toEqual(new StringFormPart('name', 'Jürgen K'));
      expect(form.get('empty')).toEqual(new StringFormPart('empty', ''));
      expect(form.get('tag')?.isFile()).toBe(false);
    });

    it('should parse a multipart body with a text field and a file', async () => {
      const body = multipartBody([
        'Content-Disposition: form-data; name="note"\r\n\r\nhello, wörld',
        'Content-Disposition: form-data; name="upload"; filename="résumé.txt"\r\n' +
          'Content-Type: text/plain\r\n\r\nline 1\r\nline 2',
        'Content-Disposition: form-data; name="note"\r\n\r\nsecond',
      ]);
      const sut = buildRequest({
        headers: ['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`],
        body,
      });

      const form = await sut.formData();

      expect(form.keys()).toEqual(['note', 'upload']);
      expect(form.getList('note')).toEqual([
        new StringFormPart('note', 'hello, wörld'),
        new StringFormPart('note', 'second'),
      ]);
      const upload = form.get('upload');
      expect(upload).toBeInstanceOf(FileFormPart);
      expect(upload?.isFile()).toBe(true);
      expect(upload).toMatchObject({
        name: 'upload',
        filename: 'résumé.txt',
        contentType: 'text/plain',
      });
      expect((upload as FileFormPart).content.toString()).toBe('line 1\r\nline 2');
    });

    it('should keep binary file content byte for byte', async () => {
      const bytes = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x80]);
      const body = Buffer.concat([
        Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="bin"; filename="b.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        bytes,
        Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
      ]);
      const sut = buildRequest({
        headers: ['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`],
        body,
      });

      const part = (await sut.formData()).get('bin') as FileFormPart;

      expect(part.content.equals(bytes)).toBe(true);
      expect(part.contentType).toBe('application/octet-stream');
    });

    it('should reject a truncated multipart body with RequestBodyError', async () => {
      const body = Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello`,
      );
      const sut = buildRequest({
        headers: ['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`],
        body,
      });

      await expect(sut.formData()).rejects.toThrow(RequestBodyError);
    });

    it('should reject a multipart content type without a boundary with RequestBodyError', async () => {
      const sut = buildRequest({ headers: ['Content-Type', 'multipart/form-data'], body: 'x' });

      await expect(sut.formData()).rejects.toThrow(RequestBodyError);
    });

    it('should reject another content type with RequestBodyError', async () => {
      const sut = buildRequest({ headers: ['Content-Type', 'application/json'], body: '{}' });

      await expect(sut.formData()).rejects.toThrow(
        new RequestBodyError('Cannot parse content type application/json as form data'),
      );
    });

    it('should reject a body without a content type with RequestBodyError', async () => {
      const sut = buildRequest({ body: 'a=1' });

      await expect(sut.formData()).rejects.toThrow(RequestBodyError);
    });

    it('should reject an urlencoded body that is not UTF-8 with RequestBodyError', async () => {
      const sut = buildRequest({
        headers: ['Content-Type', 'application/x-www-form-urlencoded'],
        body: Buffer.from([0x61, 0x3d, 0xff]),
      });

      await expect(sut.formData()).rejects.toThrow(RequestBodyError);
    });

    it('should parse the body once and return the same result later', async () => {
      const sut = buildRequest({
        headers: ['Content-Type', 'application/x-www-form-urlencoded'],
        body: 'a=1',
      });

      const first = await sut.formData();
      const second = await sut.formData();

      expect(second).toBe(first);
    });
  });
});
