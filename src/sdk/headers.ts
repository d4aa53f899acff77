import { CaseInsensitiveMultiDict } from './multi-dict.js';

/**
 * Headers whose values are comma-separated lists. Their values are split on every comma and
 * trimmed; every other header (Authorization, Cookie, Date, User-Agent, custom ones) is kept whole.
 */
export const LIST_VALUED_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-expose-headers',
  'access-control-request-headers',
  'allow',
  'cache-control',
  'connection',
  'content-encoding',
  'content-language',
  'expect',
  'forwarded',
  'if-match',
  'if-none-match',
  'pragma',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'vary',
  'via',
  'warning',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

/** Request headers as plugins see them: case-insensitive, several values per name. */
export type Headers = CaseInsensitiveMultiDict<string>;

/**
 * Builds the header dictionary from Node's flat `rawHeaders` list (name, value, name, value…).
 * Repeated headers keep one entry per occurrence; list-valued ones are split further.
 */
export function parseRawHeaders(rawHeaders: readonly string[]): Headers {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const value = rawHeaders[i + 1];
    if (LIST_VALUED_HEADERS.has(name)) {
      for (const piece of value.split(',')) {
        pairs.push([name, piece.trim()]);
      }
    } else {
      pairs.push([name, value]);
    }
  }
  return new CaseInsensitiveMultiDict(pairs);
}
