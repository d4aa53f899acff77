import {
  FileFormPart,
  StringFormPart,
  decodeUtf8,
  parseMultipart,
  parseUrlEncoded,
} from './form-data.js';
import { RequestBodyError } from './request-body.error.js';

describe(StringFormPart.name, () => {
  describe('isFile', () => {
    it('should be false', () => {
      expect(new StringFormPart('a', 'b').isFile()).toBe(false);
    });
  });
});

describe(FileFormPart.name, () => {
  describe('isFile', () => {
    it('should be true', () => {
      expect(new FileFormPart('a', 'a.txt', Buffer.from('x'), null).isFile()).toBe(true);
    });
  });
});

describe(decodeUtf8.name, () => {
  it('should decode valid UTF-8, a BOM-less empty body included', () => {
    expect(decodeUtf8(Buffer.from('ä€𝄞'))).toBe('ä€𝄞');
    expect(decodeUtf8(Buffer.alloc(0))).toBe('');
  });

  it('should throw RequestBodyError on a lone continuation byte', () => {
    expect(() => decodeUtf8(Buffer.from([0x80]))).toThrow(RequestBodyError);
  });
});

describe(parseUrlEncoded.name, () => {
  it('should keep repeated keys in order and decode escapes', () => {
    const sut = parseUrlEncoded(Buffer.from('a=1&b=x+y&a=%32'));

    expect(sut.multiItems()).toEqual([
      ['a', new StringFormPart('a', '1')],
      ['b', new StringFormPart('b', 'x y')],
      ['a', new StringFormPart('a', '2')],
    ]);
  });
});

describe(parseMultipart.name, () => {
  const boundary = 'xyz';

  it('should resolve an empty form for a body with only the closing boundary', async () => {
    const sut = await parseMultipart(
      Buffer.from(`--${boundary}--\r\n`),
      `multipart/form-data; boundary=${boundary}`,
    );

    expect(sut.size).toBe(0);
  });

  it('should reject a body that ends before the closing boundary', async () => {
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\n\r\ndata`,
    );

    await expect(
      parseMultipart(body, `multipart/form-data; boundary=${boundary}`),
    ).rejects.toBeInstanceOf(RequestBodyError);
  });
});
