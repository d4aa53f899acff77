import 'reflect-metadata';
import { type KeyObject, generateKeyPairSync } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/app-config.js';
import { SessionResolver } from './session-resolver.service.js';

const SECRET = 'spec-session-secret-of-enough-length';

interface TokenOptions {
  alg?: string;
  key?: KeyObject | Uint8Array;
  sub?: string;
  claims?: Record<string, unknown>;
  expiresIn?: number;
}

async function token(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(options.claims ?? { user_type: 'Staff' })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (options.expiresIn ?? 3600));
  if (options.sub !== '') {
    jwt.setSubject(options.sub ?? 'staff-1');
  }
  return jwt.sign(options.key ?? new TextEncoder().encode(SECRET));
}

function resolverFor(env: NodeJS.ProcessEnv): SessionResolver {
  return new SessionResolver(loadConfig(env));
}

describe(SessionResolver.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  describe('when SESSION_JWT_SECRET is set', () => {
    let sut: SessionResolver;

    beforeEach(() => {
      sut = resolverFor({ SESSION_JWT_SECRET: SECRET });
    });

    it('should be enabled', () => {
      expect(sut.enabled).toBe(true);
    });

    it('should resolve a valid HS256 token to its user', async () => {
      await expect(sut.resolve(`session=${await token()}`)).resolves.toEqual({
        id: 'staff-1',
        type: 'Staff',
      });
    });

    it('should resolve a patient among other cookies', async () => {
      const session = await token({ sub: 'pat-9', claims: { user_type: 'Patient' } });

      await expect(sut.resolve(`theme=dark; session=${session}; lang=en`)).resolves.toEqual({
        id: 'pat-9',
        type: 'Patient',
      });
    });

    it('should return null for an expired token', async () => {
      await expect(sut.resolve(`session=${await token({ expiresIn: -60 })}`)).resolves.toBeNull();
    });

    it('should return null for a token signed with another secret', async () => {
      const forged = await token({
        key: new TextEncoder().encode('another-secret-of-some-length'),
      });

      await expect(sut.resolve(`session=${forged}`)).resolves.toBeNull();
    });

    it('should return null without the user type claim', async () => {
      await expect(sut.resolve(`session=${await token({ claims: {} })}`)).resolves.toBeNull();
    });

    it('should return null for an unknown user type', async () => {
      const admin = await token({ claims: { user_type: 'Admin' } });

      await expect(sut.resolve(`session=${admin}`)).resolves.toBeNull();
    });

    it('should return null without a subject', async () => {
      await expect(sut.resolve(`session=${await token({ sub: '' })}`)).resolves.toBeNull();
    });

    it('should return null without a cookie header', async () => {
      await expect(sut.resolve(undefined)).resolves.toBeNull();
      await expect(sut.resolve('')).resolves.toBeNull();
    });

    it('should return null without the session cookie', async () => {
      await expect(sut.resolve(`other=${await token()}`)).resolves.toBeNull();
    });

    it('should return null for a token that is not a JWT', async () => {
      await expect(sut.resolve('session=not.a.jwt')).resolves.toBeNull();
      await expect(sut.resolve('session=%E0%A4%A')).resolves.toBeNull();
    });

    it('should return null for an unsigned token', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: 'staff-1', user_type: 'Staff' })).toString(
        'base64url',
      );

      await expect(sut.resolve(`session=${header}.${payload}.`)).resolves.toBeNull();
    });
  });

  describe('when the cookie name and type claim are configured', () => {
    it('should read the configured cookie and claim', async () => {
      const sut = resolverFor({
        SESSION_JWT_SECRET: SECRET,
        SESSION_COOKIE: 'sid',
        SESSION_USER_TYPE_CLAIM: 'kind',
      });
      const session = await token({ claims: { kind: 'Staff' } });

      await expect(sut.resolve(`sid=${session}`)).resolves.toEqual({
        id: 'staff-1',
        type: 'Staff',
      });
      await expect(sut.resolve(`session=${session}`)).resolves.toBeNull();
    });
  });

  describe('when SESSION_JWT_PUBLIC_KEY is set', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    it('should resolve a token signed with the RS256 private key', async () => {
      const sut = resolverFor({ SESSION_JWT_PUBLIC_KEY: rsaPem });
      const session = await token({ alg: 'RS256', key: rsa.privateKey });

      await expect(sut.resolve(`session=${session}`)).resolves.toEqual({
        id: 'staff-1',
        type: 'Staff',
      });
    });

    it('should accept a key whose newlines are written as \\n', async () => {
      const sut = resolverFor({ SESSION_JWT_PUBLIC_KEY: rsaPem.replace(/\n/g, '\\n') });
      const session = await token({ alg: 'RS256', key: rsa.privateKey });

      await expect(sut.resolve(`session=${session}`)).resolves.not.toBeNull();
    });

    it('should resolve a token signed with an ES256 private key', async () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const sut = resolverFor({
        SESSION_JWT_PUBLIC_KEY: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
      const session = await token({ alg: 'ES256', key: ec.privateKey });

      await expect(sut.resolve(`session=${session}`)).resolves.toEqual({
        id: 'staff-1',
        type: 'Staff',
      });
    });

    it('should return null for a token signed with another private key', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const sut = resolverFor({ SESSION_JWT_PUBLIC_KEY: rsaPem });
      const session = await token({ alg: 'RS256', key: other.privateKey });

      await expect(sut.resolve(`session=${session}`)).resolves.toBeNull();
    });

    it('should return null for an HS256 token even when a secret is also set', async () => {
      const sut = resolverFor({ SESSION_JWT_PUBLIC_KEY: rsaPem, SESSION_JWT_SECRET: SECRET });

      await expect(sut.resolve(`session=${await token()}`)).resolves.toBeNull();
    });

    it('should return null for an HS256 token keyed with the public key text', async () => {
      const sut = resolverFor({ SESSION_JWT_PUBLIC_KEY: rsaPem });
      const confused = await token({ key: new TextEncoder().encode(rsaPem) });

      await expect(sut.resolve(`session=${confused}`)).resolves.toBeNull();
    });
  });

  describe('when no session is configured', () => {
    it('should be disabled and resolve no user', async () => {
      const sut = resolverFor({});

      expect(sut.enabled).toBe(false);
      await expect(sut.resolve(`session=${await token()}`)).resolves.toBeNull();
    });
  });
});
