import {
  APIKeyCredentials,
  AuthenticationError,
  BasicCredentials,
  MissingSecretError,
  SessionCredentials,
  SessionHeader,
} from './credentials.js';
import { SimpleAPIRequest, parseRawHeaders } from './internal.js';
import {
  APIKeyAuthMixin,
  BasicAuthMixin,
  PatientSessionAuthMixin,
  StaffSessionAuthMixin,
} from './mixins.js';
import { SimpleAPI, SimpleAPIRoute } from './simple-api.js';

function requestWith(...rawHeaders: string[]): SimpleAPIRequest {
  return new SimpleAPIRequest({
    method: 'GET',
    path: '/',
    queryString: '',
    headers: parseRawHeaders(rawHeaders),
    body: Buffer.alloc(0),
  });
}

function basicCredentials(username: string, password: string): BasicCredentials {
  const value = Buffer.from(`${username}:${password}`).toString('base64');
  return new BasicCredentials(requestWith('Authorization', `Basic ${value}`));
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe(BasicAuthMixin.name, () => {
  class BasicApi extends BasicAuthMixin(SimpleAPI) {}

  class RenamedBasicApi extends BasicAuthMixin(SimpleAPIRoute) {
    public static override USERNAME_SECRET_NAME = 'admin-user';
    public static override PASSWORD_SECRET_NAME = 'admin-password';
  }

  let sut: BasicApi;

  beforeEach(() => {
    sut = new BasicApi();
    sut.secrets = { 'simpleapi-basic-username': 'alice', 'simpleapi-basic-password': 'pw:1' };
  });

  it('should declare BasicCredentials', () => {
    expect(BasicApi.CREDENTIALS).toBe(BasicCredentials);
  });

  describe('authenticate', () => {
    it('should accept the configured username and password', () => {
      expect(sut.authenticate(basicCredentials('alice', 'pw:1'))).toBe(true);
    });

    it('should deny a wrong password', () => {
      expect(sut.authenticate(basicCredentials('alice', 'pw:2'))).toBe(false);
    });

    it('should deny a wrong username', () => {
      expect(sut.authenticate(basicCredentials('bob', 'pw:1'))).toBe(false);
    });

    it('should deny a password that only starts like the secret', () => {
      expect(sut.authenticate(basicCredentials('alice', 'pw:1x'))).toBe(false);
    });

    it.each(['simpleapi-basic-username', 'simpleapi-basic-password'])(
      'should throw MissingSecretError naming %s when it is unset',
      (secretName) => {
        sut.secrets = { ...sut.secrets, [secretName]: undefined };

        const error = thrownBy(() => sut.authenticate(basicCredentials('alice', 'pw:1')));

        expect(error).toBeInstanceOf(MissingSecretError);
        expect((error as MissingSecretError).secretName).toBe(secretName);
      },
    );

    it('should throw MissingSecretError when a secret is empty', () => {
      sut.secrets = { 'simpleapi-basic-username': 'alice', 'simpleapi-basic-password': '' };

      expect(() => sut.authenticate(basicCredentials('alice', 'x'))).toThrow(MissingSecretError);
    });

    it('should read the secrets named by USERNAME_SECRET_NAME and PASSWORD_SECRET_NAME', () => {
      const renamed = new RenamedBasicApi();
      renamed.secrets = { 'admin-user': 'root', 'admin-password': 'toor' };

      expect(renamed.authenticate(basicCredentials('root', 'toor'))).toBe(true);
      expect(renamed.authenticate(basicCredentials('alice', 'pw:1'))).toBe(false);
    });

    it('should name the overridden secret when it is unset', () => {
      const renamed = new RenamedBasicApi();
      renamed.secrets = { 'admin-user': 'root' };

      const error = thrownBy(() => renamed.authenticate(basicCredentials('root', 'toor')));

      expect((error as MissingSecretError).secretName).toBe('admin-password');
    });
  });
});

describe(APIKeyAuthMixin.name, () => {
  class KeyApi extends APIKeyAuthMixin(SimpleAPI) {}

  class XApiKeyCredentials extends APIKeyCredentials {
    public static override HEADER_NAME = 'X-Api-Key';
  }

  class RenamedKeyApi extends APIKeyAuthMixin(SimpleAPI) {
    public static override CREDENTIALS = XApiKeyCredentials;
    public static override API_KEY_SECRET_NAME = 'api-key';
  }

  let sut: KeyApi;

  beforeEach(() => {
    sut = new KeyApi();
    sut.secrets = { 'simpleapi-api-key': 'k3y' };
  });

  it('should declare APIKeyCredentials', () => {
    expect(KeyApi.CREDENTIALS).toBe(APIKeyCredentials);
  });

  describe('authenticate', () => {
    it('should accept the configured key', () => {
      const credentials = new APIKeyCredentials(requestWith('Authorization', 'k3y'));

      expect(sut.authenticate(credentials)).toBe(true);
    });

    it.each(['k3', 'k3y ', 'K3Y', 'Bearer k3y'])('should deny the key %j', (key) => {
      const credentials = new APIKeyCredentials(requestWith('Authorization', key));

      expect(sut.authenticate(credentials)).toBe(false);
    });

    it('should throw MissingSecretError naming the secret when it is unset', () => {
      sut.secrets = {};
      const credentials = new APIKeyCredentials(requestWith('Authorization', 'k3y'));

      const error = thrownBy(() => sut.authenticate(credentials));

      expect(error).toBeInstanceOf(MissingSecretError);
      expect((error as MissingSecretError).secretName).toBe('simpleapi-api-key');
    });

    it('should use API_KEY_SECRET_NAME and the header of the declared credentials', () => {
      const renamed = new RenamedKeyApi();
      renamed.secrets = { 'api-key': 'k3y' };
      const credentials = new RenamedKeyApi.CREDENTIALS(requestWith('X-Api-Key', 'k3y'));

      expect(credentials).toBeInstanceOf(XApiKeyCredentials);
      expect(renamed.authenticate(credentials)).toBe(true);
    });

    it('should name the overridden secret when it is unset', () => {
      const renamed = new RenamedKeyApi();
      const credentials = new XApiKeyCredentials(requestWith('X-Api-Key', 'k3y'));

      const error = thrownBy(() => renamed.authenticate(credentials));

      expect((error as MissingSecretError).secretName).toBe('api-key');
    });
  });
});

describe('session mixins', () => {
  class StaffApi extends StaffSessionAuthMixin(SimpleAPI) {}
  class PatientApi extends PatientSessionAuthMixin(SimpleAPIRoute) {}

  function sessionOf(type: string): SessionCredentials {
    return new SessionCredentials(
      requestWith(SessionHeader.UserId, 'u-1', SessionHeader.UserType, type),
    );
  }

  describe(StaffSessionAuthMixin.name, () => {
    let sut: StaffApi;

    beforeEach(() => {
      sut = new StaffApi();
    });

    it('should declare SessionCredentials', () => {
      expect(StaffApi.CREDENTIALS).toBe(SessionCredentials);
    });

    it('should accept a staff session', () => {
      expect(sut.authenticate(sessionOf('Staff'))).toBe(true);
    });

    it('should deny a patient session with AuthenticationError', () => {
      expect(() => sut.authenticate(sessionOf('Patient'))).toThrow(AuthenticationError);
    });
  });

  describe(PatientSessionAuthMixin.name, () => {
    let sut: PatientApi;

    beforeEach(() => {
      sut = new PatientApi();
    });

    it('should declare SessionCredentials', () => {
      expect(PatientApi.CREDENTIALS).toBe(SessionCredentials);
    });

    it('should accept a patient session', () => {
      expect(sut.authenticate(sessionOf('Patient'))).toBe(true);
    });

    it('should deny a staff session with AuthenticationError', () => {
      expect(() => sut.authenticate(sessionOf('Staff'))).toThrow(
        new AuthenticationError('Provided credentials are invalid'),
      );
    });
  });
});
