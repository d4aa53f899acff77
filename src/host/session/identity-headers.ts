import { type LoggedInUser, SessionHeader } from '../../sdk/index.js';

const IDENTITY_HEADERS = new Set<string>([SessionHeader.UserId, SessionHeader.UserType]);

/**
 * Removes client-sent identity headers from Node's flat `rawHeaders` list and appends the ones of
 * the resolved session, so a client cannot pose as another user.
 */
export function withSessionIdentity(
  rawHeaders: readonly string[],
  user: LoggedInUser | null,
): string[] {
  const result: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!IDENTITY_HEADERS.has(rawHeaders[i].toLowerCase())) {
      result.push(rawHeaders[i], rawHeaders[i + 1]);
    }
  }
  if (user !== null) {
    result.push(SessionHeader.UserId, user.id, SessionHeader.UserType, user.type);
  }
  return result;
}
