import {
  APIKeyCredentials,
  AuthenticationError,
  AuthenticationMessage,
  BasicCredentials,
  BearerCredentials,
  Credentials,
  MissingSecretError,
  SessionCredentials,
  SessionHeader,
} from './credentials.js';
import { SimpleAPIRequest, parseRawHeaders } from './internal.js';

function requestWith(...rawHeaders: string[]): SimpleAPIRequest {
  return new SimpleAPIRequest({
    method: 'GET',
    path: '/',
    queryString: '',
    headers: parseRawHeaders(rawHeaders),
    body: Buffer.alloc(0),
  });
}

function basic(decoded: string): string {
  return `Basic ${Buffer.from(decoded).toString('base64')}`;
}

describe(AuthenticationError.name, () => {
  it('should default to the invalid-credentials message', () => {
    const sut = new AuthenticationError();

    expect(sut.message).toBe('Provided credentials are invalid');
    expect(sut.name).toBe('AuthenticationError');
  });
});

describe(MissingSecretError.name, () => {
  it('should carry the secret name and the invalid-credentials message', () => {
    const sut = new MissingSecretError('api-key');

    expect(sut).toBeInstanceOf(AuthenticationError);
    expect(sut.secretName).toBe('api-key');
    expect(sut.message).toBe(AuthenticationMessage.Invalid);
    expect(sut.message).not.toContain('api-key');
  });
});

describe(Credentials.name, () => {
  it('should expose the request and parse nothing', () => {
    const request = requestWith();

    expect(new Credentials(request).request).toBe(request);
  });
});

describe(BasicCredentials.name, () => {
  it('should read the username and password', () => {
    const sut = new BasicCredentials(requestWith('Authorization', basic('alice:s3cret')));

    expect(sut.username).toBe('alice');
    expect(sut.password).toBe('s3cret');
  });

  it('should keep colons in the password', () => {
    const sut = new BasicCredentials(requestWith('Authorization', basic('alice:a:b:c')));

    expect(sut.password).toBe('a:b:c');
  });

  it('should accept the scheme in any case and UTF-8 credentials', () => {
    const header = `bAsIc ${Buffer.from('jürgen:pässwörd').toString('base64')}`;
    const sut = new BasicCredentials(requestWith('Authorization', header));

    expect(sut.username).toBe('jürgen');
    expect(sut.password).toBe('pässwörd');
  });

  it.each([
    ['no Authorization header', [], AuthenticationMessage.NoAuthorizationHeader],
    [
      'an empty Authorization header',
      ['Authorization', ''],
      AuthenticationMessage.NoAuthorizationHeader,
    ],
    ['another scheme', ['Authorization', 'Bearer abc'], AuthenticationMessage.UnrecognizedScheme],
    [
      'a scheme without a value',
      ['Authorization', 'Basic'],
      AuthenticationMessage.UnrecognizedScheme,
    ],
    [
      'a value without a scheme',
      ['Authorization', 'YWxpY2U6cHc='],
      AuthenticationMessage.UnrecognizedScheme,
    ],
    [
      'a value that is not base64',
      ['Authorization', 'Basic !!!!'],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
    [
      'base64 of the wrong length',
      ['Authorization', 'Basic YWxpY2U6cHc'],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
    ['an empty value', ['Authorization', 'Basic '], AuthenticationMessage.IncorrectlyFormatted],
    ['no colon', ['Authorization', basic('alice')], AuthenticationMessage.IncorrectlyFormatted],
    [
      'an empty username',
      ['Authorization', basic(':pw')],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
    [
      'an empty password',
      ['Authorization', basic('alice:')],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
    [
      'invalid UTF-8',
      ['Authorization', `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
  ])('should reject %s', (_case, headers, message) => {
    const build = () => new BasicCredentials(requestWith(...headers));

    expect(build).toThrow(AuthenticationError);
    expect(build).toThrow(new AuthenticationError(message));
  });
});

describe(BearerCredentials.name, () => {
  it('should read the token after the first space', () => {
    const sut = new BearerCredentials(requestWith('Authorization', 'Bearer abc.def ghi'));

    expect(sut.token).toBe('abc.def ghi');
  });

  it('should accept the scheme in any case', () => {
    expect(new BearerCredentials(requestWith('Authorization', 'bearer t')).token).toBe('t');
  });

  it.each([
    ['no Authorization header', [], AuthenticationMessage.NoAuthorizationHeader],
    [
      'another scheme',
      ['Authorization', 'Basic YWxpY2U6cHc='],
      AuthenticationMessage.UnrecognizedScheme,
    ],
    [
      'a scheme without a value',
      ['Authorization', 'Bearer'],
      AuthenticationMessage.UnrecognizedScheme,
    ],
    ['an empty token', ['Authorization', 'Bearer '], AuthenticationMessage.IncorrectlyFormatted],
  ])('should reject %s', (_case, headers, message) => {
    const build = () => new BearerCredentials(requestWith(...headers));

    expect(build).toThrow(AuthenticationError);
    expect(build).toThrow(new AuthenticationError(message));
  });
});

describe(APIKeyCredentials.name, () => {
  class XApiKeyCredentials extends APIKeyCredentials {
    public static override HEADER_NAME = 'X-Api-Key';
  }

  it('should read the whole Authorization value by default, scheme included', () => {
    const sut = new APIKeyCredentials(requestWith('Authorization', 'Bearer k3y'));

    expect(sut.key).toBe('Bearer k3y');
  });

  it('should read the header named by HEADER_NAME, whatever its case', () => {
    const sut = new XApiKeyCredentials(requestWith('x-api-key', 'k3y', 'Authorization', 'other'));

    expect(sut.key).toBe('k3y');
  });

  it.each([
    ['no Authorization header', APIKeyCredentials, [], AuthenticationMessage.NoAuthorizationHeader],
    [
      'an empty key',
      APIKeyCredentials,
      ['Authorization', ''],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
    [
      'a missing HEADER_NAME header even with Authorization',
      XApiKeyCredentials,
      ['Authorization', 'k3y'],
      AuthenticationMessage.NoAuthorizationHeader,
    ],
    [
      'an empty HEADER_NAME header',
      XApiKeyCredentials,
      ['X-Api-Key', ''],
      AuthenticationMessage.IncorrectlyFormatted,
    ],
  ])('should reject %s', (_case, credentialsClass, headers, message) => {
    const build = () => new credentialsClass(requestWith(...headers));

    expect(build).toThrow(AuthenticationError);
    expect(build).toThrow(new AuthenticationError(message));
  });
});

describe(SessionCredentials.name, () => {
  it.each(['Staff', 'Patient'])('should read a %s user from the identity headers', (type) => {
    const sut = new SessionCredentials(
      requestWith(SessionHeader.UserId, 'u-1', SessionHeader.UserType, type),
    );

    expect(sut.loggedInUser).toEqual({ id: 'u-1', type });
  });

  it.each([
    ['no identity headers', []],
    ['no user id', [SessionHeader.UserType, 'Staff']],
    ['an empty user id', [SessionHeader.UserId, '', SessionHeader.UserType, 'Staff']],
    ['no user type', [SessionHeader.UserId, 'u-1']],
    ['an unknown user type', [SessionHeader.UserId, 'u-1', SessionHeader.UserType, 'Admin']],
    [
      'a user type in the wrong case',
      [SessionHeader.UserId, 'u-1', SessionHeader.UserType, 'staff'],
    ],
  ])('should reject %s as invalid credentials', (_case, headers) => {
    const build = () => new SessionCredentials(requestWith(...headers));

    expect(build).toThrow(AuthenticationError);
    expect(build).toThrow(new AuthenticationError(AuthenticationMessage.Invalid));
  });
});
