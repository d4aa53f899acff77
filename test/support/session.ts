import { SignJWT } from 'jose';
import { TEST_SESSION_SECRET } from './test-app.js';

/** Options for {@link sessionCookie}. */
export interface SessionOptions {
  type?: string;
  secret?: string;
  expired?: boolean;
}

/** A `Cookie` header value holding a signed session token for user `id`. */
export async function sessionCookie(id: string, options: SessionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ user_type: options.type ?? 'Staff' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(id)
    .setIssuedAt(now - 120)
    .setExpirationTime(options.expired ? now - 60 : now + 3600)
    .sign(new TextEncoder().encode(options.secret ?? TEST_SESSION_SECRET));
  return `session=${token}`;
}
