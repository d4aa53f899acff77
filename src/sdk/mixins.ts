import {
  APIKeyCredentials,
  AuthenticationError,
  BasicCredentials,
  type Credentials,
  MissingSecretError,
  SessionCredentials,
  type UserType,
} from './credentials.js';
import { constantTimeEquals } from './secret-compare.js';
import type { SimpleAPIBase } from './simple-api.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type HandlerConstructor = abstract new (...args: any[]) => SimpleAPIBase;

function requireSecret(handler: SimpleAPIBase, name: string): string {
  const value = handler.secrets[name];
  if (value === undefined || value === '') {
    throw new MissingSecretError(name);
  }
  return value;
}

/**
 * Accepts HTTP Basic credentials equal to the plugin secrets `simpleapi-basic-username` and
 * `simpleapi-basic-password` (names overridable), compared in constant time. Declare both
 * secrets in the plugin; when either is unset every request is denied and an error is logged.
 *
 * @example
 * ```ts
 * export class AdminApi extends BasicAuthMixin(SimpleAPI) {
 *   static override USERNAME_SECRET_NAME = 'admin-user';
 *   static override PASSWORD_SECRET_NAME = 'admin-password';
 * }
 * ```
 */
export function BasicAuthMixin<T extends HandlerConstructor>(Base: T) {
  abstract class BasicAuth extends Base {
    public static CREDENTIALS = BasicCredentials;
    public static USERNAME_SECRET_NAME = 'simpleapi-basic-username';
    public static PASSWORD_SECRET_NAME = 'simpleapi-basic-password';

    public override authenticate(credentials: Credentials): boolean {
      const names = this.constructor as typeof BasicAuth;
      const username = requireSecret(this, names.USERNAME_SECRET_NAME);
      const password = requireSecret(this, names.PASSWORD_SECRET_NAME);
      const basic = credentials as BasicCredentials;
      const userOk = constantTimeEquals(basic.username, username);
      const passwordOk = constantTimeEquals(basic.password, password);
      return userOk && passwordOk;
    }
  }
  return BasicAuth;
}

/**
 * Accepts an API key equal to the plugin secret `simpleapi-api-key` (name overridable with
 * `API_KEY_SECRET_NAME`), compared in constant time. The key is read from the `Authorization`
 * header unless `CREDENTIALS` names an {@link APIKeyCredentials} subclass with another header.
 *
 * @example
 * ```ts
 * export class WebhookApi extends APIKeyAuthMixin(SimpleAPI) {
 *   static override API_KEY_SECRET_NAME = 'api-key';
 * }
 * ```
 */
export function APIKeyAuthMixin<T extends HandlerConstructor>(Base: T) {
  abstract class APIKeyAuth extends Base {
    public static CREDENTIALS: typeof APIKeyCredentials = APIKeyCredentials;
    public static API_KEY_SECRET_NAME = 'simpleapi-api-key';

    public override authenticate(credentials: Credentials): boolean {
      const secretName = (this.constructor as typeof APIKeyAuth).API_KEY_SECRET_NAME;
      const expected = requireSecret(this, secretName);
      return constantTimeEquals((credentials as APIKeyCredentials).key, expected);
    }
  }
  return APIKeyAuth;
}

function sessionMixin<T extends HandlerConstructor>(Base: T, userType: UserType) {
  abstract class SessionAuth extends Base {
    public static CREDENTIALS = SessionCredentials;

    public override authenticate(credentials: Credentials): boolean {
      if ((credentials as SessionCredentials).loggedInUser.type !== userType) {
        throw new AuthenticationError();
      }
      return true;
    }
  }
  return SessionAuth;
}

/**
 * Accepts requests whose session belongs to a staff member.
 *
 * @example
 * ```ts
 * export class StaffOnlyApi extends StaffSessionAuthMixin(SimpleAPI) { … }
 * ```
 */
export function StaffSessionAuthMixin<T extends HandlerConstructor>(Base: T) {
  return sessionMixin(Base, 'Staff');
}

/**
 * Accepts requests whose session belongs to a patient.
 *
 * @example
 * ```ts
 * export class PatientPortalApi extends PatientSessionAuthMixin(SimpleAPI) { … }
 * ```
 */
export function PatientSessionAuthMixin<T extends HandlerConstructor>(Base: T) {
  return sessionMixin(Base, 'Patient');
}
