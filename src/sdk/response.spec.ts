import { HTMLResponse, JSONResponse, PlainTextResponse, Response } from './response.js';

describe(Response.name, () => {
  it('should default to status 200, an empty body and no headers', () => {
    const sut = new Response();

    expect(sut.statusCode).toBe(200);
    expect(sut.body).toEqual(Buffer.alloc(0));
    expect(sut.headers).toEqual({});
  });

  it('should keep bytes as given', () => {
    const bytes = Uint8Array.from([0, 255, 10]);

    const sut = new Response(bytes, { statusCode: 201 });

    expect(sut.body).toEqual(Buffer.from([0, 255, 10]));
    expect(sut.statusCode).toBe(201);
  });

  it('should copy the body so later changes to the input do not leak in', () => {
    const bytes = Buffer.from('abc');

    const sut = new Response(bytes);
    bytes[0] = 0x7a;

    expect(sut.body.toString()).toBe('abc');
  });

  it('should set the given content type', () => {
    const sut = new Response(Buffer.from('%PDF'), { contentType: 'application/pdf' });

    expect(sut.headers).toEqual({ 'Content-Type': 'application/pdf' });
  });

  it('should keep a user Content-Type when the class sets none', () => {
    const sut = new Response(null, { headers: { 'content-type': 'image/png' } });

    expect(sut.headers).toEqual({ 'content-type': 'image/png' });
  });

  it('should keep other user headers', () => {
    const sut = new Response(null, { headers: { 'Cache-Control': 'no-store', 'X-A': '1' } });

    expect(sut.headers).toEqual({ 'Cache-Control': 'no-store', 'X-A': '1' });
  });

  it('should keep an out-of-range status for the host to reject', () => {
    expect(new Response(null, { statusCode: 600 }).statusCode).toBe(600);
  });
});

describe(JSONResponse.name, () => {
  it('should serialise the content as JSON with application/json', () => {
    const sut = new JSONResponse({ status: 'ok', list: [1, 'ü'] }, { statusCode: 202 });

    expect(sut.body.toString('utf8')).toBe('{"status":"ok","list":[1,"ü"]}');
    expect(sut.headers['Content-Type']).toBe('application/json');
    expect(sut.statusCode).toBe(202);
  });

  it('should serialise top-level scalars and null', () => {
    expect(new JSONResponse(null).body.toString()).toBe('null');
    expect(new JSONResponse('x').body.toString()).toBe('"x"');
    expect(new JSONResponse(0).body.toString()).toBe('0');
  });

  it('should default to status 200', () => {
    expect(new JSONResponse({}).statusCode).toBe(200);
  });

  it('should throw when the content cannot be serialised', () => {
    expect(() => new JSONResponse(undefined)).toThrow(TypeError);
    expect(() => new JSONResponse(() => 1)).toThrow(TypeError);
  });

  it.each(['Content-Type', 'content-type', 'CONTENT-TYPE', 'cOnTeNt-TyPe'])(
    'should let the class Content-Type win over a user %s header',
    (name) => {
      const sut = new JSONResponse({}, { headers: { [name]: 'text/html', 'X-Keep': 'yes' } });

      expect(sut.headers).toEqual({ 'Content-Type': 'application/json', 'X-Keep': 'yes' });
    },
  );
});

describe(PlainTextResponse.name, () => {
  it('should encode the text as UTF-8 with text/plain', () => {
    const sut = new PlainTextResponse('pong ✓');

    expect(sut.body).toEqual(Buffer.from('pong ✓', 'utf8'));
    expect(sut.headers).toEqual({ 'Content-Type': 'text/plain' });
    expect(sut.statusCode).toBe(200);
  });

  it('should let the class Content-Type win over a user header', () => {
    const sut = new PlainTextResponse('x', { headers: { 'content-TYPE': 'application/json' } });

    expect(sut.headers).toEqual({ 'Content-Type': 'text/plain' });
  });

  it('should keep the given status', () => {
    expect(new PlainTextResponse('no', { statusCode: 418 }).statusCode).toBe(418);
  });
});

describe(HTMLResponse.name, () => {
  it('should encode the markup as UTF-8 with text/html', () => {
    const sut = new HTMLResponse('<h1>Grüße</h1>');

    expect(sut.body.toString('utf8')).toBe('<h1>Grüße</h1>');
    expect(sut.headers).toEqual({ 'Content-Type': 'text/html' });
    expect(sut.statusCode).toBe(200);
  });

  it('should let the class Content-Type win over a user header', () => {
    const sut = new HTMLResponse('', { headers: { 'Content-type': 'text/plain', Vary: 'Accept' } });

    expect(sut.headers).toEqual({ 'Content-Type': 'text/html', Vary: 'Accept' });
  });
});
