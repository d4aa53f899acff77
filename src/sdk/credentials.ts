import type { SimpleAPIRequest } from './request.js';
import { STRICT_UTF8 } from './strict-utf8.js';

/**
 * The messages of the four authentication errors. They are sent to the client in the 401 body
 * (`{"error": "<message>"}`), so they never carry anything secret.
 */
export const AuthenticationMessage = {
  NoAuthorizationHeader: 'Request has no Authorization header',
  UnrecognizedScheme: 'Authorization header has no recognized authentication scheme',
  IncorrectlyFormatted: 'Provided credentials are incorrectly formatted',
  Invalid: 'Provided credentials are invalid',
} as const;

/**
 * Thrown while reading or checking credentials; the host answers 401 with its message.
 * Throw it from `authenticate()` to deny with a specific message.
 *
 * @example
 * ```ts
 * override authenticate(credentials: BearerCredentials): boolean {
 *   if (isRevoked(credentials.token)) {
 *     throw new AuthenticationError('Token has been revoked');
 *   }
 *   return true;
 * }
 * ```
 */
export class AuthenticationError extends Error {
  public override readonly name: string = 'AuthenticationError';

  public constructor(message: string = AuthenticationMessage.Invalid) {
    super(message);
  }
}

/**
 * Thrown by the authentication mixins when a secret they compare against has no value. The
 * client gets the ordinary 401; the host logs the secret's name (never a value) as an error.
 */
export class MissingSecretError extends AuthenticationError {
  public override readonly name = 'MissingSecretError';

  public constructor(public readonly secretName: string) {
    super(AuthenticationMessage.Invalid);
  }
}

/**
 * Custom credentials: parses nothing, so `authenticate()` reads the request itself.
 * Subclass it to parse your own scheme; throw {@link AuthenticationError} for bad input.
 *
 * @example
 * ```ts
 * class SignatureCredentials extends Credentials {
 *   public readonly signature = this.request.headers.get('x-signature');
 * }
 *
 * class Webhook extends SimpleAPI {
 *   static override CREDENTIALS = SignatureCredentials;
 *   override authenticate(credentials: SignatureCredentials): boolean {
 *     return credentials.signature === hmacOf(this.request.body, this.secrets['webhook-key']);
 *   }
 * }
 * ```
 */
export class Credentials {
  public constructor(public readonly request: SimpleAPIRequest) {}
}

/** A class of credentials, as named by a handler's `static CREDENTIALS`. */
export type CredentialsClass<C extends Credentials = Credentials> = new (
  request: SimpleAPIRequest,
) => C;

function schemeAndValue(request: SimpleAPIRequest, scheme: string): string {
  const header = request.headers.get('authorization');
  if (!header) {
    throw new AuthenticationError(AuthenticationMessage.NoAuthorizationHeader);
  }
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== scheme) {
    throw new AuthenticationError(AuthenticationMessage.UnrecognizedScheme);
  }
  return header.slice(space + 1);
}

/**
 * `Authorization: Basic base64(username:password)`. Both parts must be non-empty; the password
 * may contain colons.
 *
 * @example
 * ```ts
 * class Admin extends SimpleAPI {
 *   static override CREDENTIALS = BasicCredentials;
 *   override authenticate(credentials: BasicCredentials): boolean {
 *     return credentials.username === 'admin' && checkPassword(credentials.password);
 *   }
 * }
 * ```
 */
export class BasicCredentials extends Credentials {
  public readonly username: string;
  public readonly password: string;

  public constructor(request: SimpleAPIRequest) {
    super(request);
    const encoded = schemeAndValue(request, 'basic').trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
      throw new AuthenticationError(AuthenticationMessage.IncorrectlyFormatted);
    }
    const decoded = decodeStrictUtf8(Buffer.from(encoded, 'base64'));
    const colon = decoded.indexOf(':');
    this.username = colon < 0 ? '' : decoded.slice(0, colon);
    this.password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (this.username === '' || this.password === '') {
      throw new AuthenticationError(AuthenticationMessage.IncorrectlyFormatted);
    }
  }
}

function decodeStrictUtf8(bytes: Buffer): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new AuthenticationError(AuthenticationMessage.IncorrectlyFormatted);
  }
}

/**
 * `Authorization: Bearer <token>`; the token is everything after the first space.
 *
 * @example
 * ```ts
 * class Partner extends SimpleAPI {
 *   static override CREDENTIALS = BearerCredentials;
 *   override authenticate(credentials: BearerCredentials): boolean {
 *     return constantTimeEquals(credentials.token, this.secrets['partner-token'] ?? '');
 *   }
 * }
 * ```
 */
export class BearerCredentials extends Credentials {
  public readonly token: string;

  public constructor(request: SimpleAPIRequest) {
    super(request);
    this.token = schemeAndValue(request, 'bearer');
    if (this.token === '') {
      throw new AuthenticationError(AuthenticationMessage.IncorrectlyFormatted);
    }
  }
}

/**
 * An API key: the whole value of the header named by `HEADER_NAME` (default `Authorization`),
 * without any scheme stripped.
 *
 * @example
 * ```ts
 * class XApiKey extends APIKeyCredentials {
 *   static override HEADER_NAME = 'X-Api-Key';
 * }
 * ```
 */
export class APIKeyCredentials extends Credentials {
  /** @default 'Authorization' */
  public static HEADER_NAME = 'Authorization';

  public readonly key: string;

  public constructor(request: SimpleAPIRequest) {
    super(request);
    const headerName = new.target.HEADER_NAME;
    const key = request.headers.get(headerName);
    if (key === undefined) {
      throw new AuthenticationError(AuthenticationMessage.NoAuthorizationHeader);
    }
    if (key === '') {
      throw new AuthenticationError(AuthenticationMessage.IncorrectlyFormatted);
    }
    this.key = key;
  }
}

/** The type of a logged-in user: staff members or patients. */
export type UserType = 'Staff' | 'Patient';

/** The user of a valid session, resolved by the host from the session cookie. */
export interface LoggedInUser {
  /** The session token's subject: the staff member's or patient's id. */
  id: string;
  /** Whether the user is a staff member or a patient. */
  type: UserType;
}

/** Header names the host sets from the resolved session (client copies are removed first). */
export const SessionHeader = {
  UserId: 'canvas-logged-in-user-id',
  UserType: 'canvas-logged-in-user-type',
} as const;

/**
 * The logged-in user of the request's session; no session → "Provided credentials are invalid".
 *
 * @example
 * ```ts
 * class MyChart extends SimpleAPI {
 *   static override CREDENTIALS = SessionCredentials;
 *   override authenticate(credentials: SessionCredentials): boolean {
 *     return credentials.loggedInUser.type === 'Patient';
 *   }
 * }
 * ```
 */
export class SessionCredentials extends Credentials {
  public readonly loggedInUser: LoggedInUser;

  public constructor(request: SimpleAPIRequest) {
    super(request);
    const id = request.headers.get(SessionHeader.UserId);
    const type = request.headers.get(SessionHeader.UserType);
    if (!id || (type !== 'Staff' && type !== 'Patient')) {
      throw new AuthenticationError(AuthenticationMessage.Invalid);
    }
    this.loggedInUser = { id, type };
  }
}
