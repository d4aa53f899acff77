import { createPublicKey, type KeyObject } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { LoggedInUser } from '../../sdk/index.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Resolves the logged-in user from the session cookie: a JWT signed with `SESSION_JWT_SECRET`
 * (HS256) or the private half of `SESSION_JWT_PUBLIC_KEY` (RS256 or ES256). `sub` is the user id
 * and the `SESSION_USER_TYPE_CLAIM` claim is `Staff` or `Patient`. Anything else means no user.
 */
@Injectable()
export class SessionResolver {
  private readonly logger = new Logger(SessionResolver.name);
  private readonly key?: Uint8Array | KeyObject;
  private readonly algorithms: string[];

  public constructor(private readonly config: AppConfig) {
    if (config.SESSION_JWT_PUBLIC_KEY) {
      this.key = createPublicKey(config.SESSION_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'));
      this.algorithms = ['RS256', 'ES256'];
    } else if (config.SESSION_JWT_SECRET) {
      this.key = new TextEncoder().encode(config.SESSION_JWT_SECRET);
      this.algorithms = ['HS256'];
    } else {
      this.algorithms = [];
    }
  }

  /** Whether a session mechanism is configured at all. */
  public get enabled(): boolean {
    return this.key !== undefined;
  }

  /** The user of the session cookie in `cookieHeader`, or null. Never throws. */
  public async resolve(cookieHeader: string | undefined): Promise<LoggedInUser | null> {
    if (this.key === undefined || !cookieHeader) {
      return null;
    }
    const token = parseCookies(cookieHeader)[this.config.SESSION_COOKIE];
    if (!token) {
      return null;
    }
    return this.verify(token);
  }

  private async verify(token: string): Promise<LoggedInUser | null> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
      });
      const type = payload[this.config.SESSION_USER_TYPE_CLAIM];
      if (typeof payload.sub !== 'string' || (type !== 'Staff' && type !== 'Patient')) {
        this.logger.debug('Session token lacks a subject or a Staff/Patient user type');
        return null;
      }
      return { id: payload.sub, type };
    } catch (error) {
      const reason = error instanceof joseErrors.JOSEError ? error.code : 'unreadable token';
      this.logger.debug(`Session token rejected: ${reason}`);
      return null;
    }
  }
}
