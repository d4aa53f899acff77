import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented value with a secret in constant time. Both are hashed first so that the
 * comparison takes the same time whatever their lengths.
 *
 * @example
 * ```ts
 * override authenticate(): boolean {
 *   return constantTimeEquals(this.websocket.apiKey ?? '', this.secrets['api-key'] ?? '');
 * }
 * ```
 */
export function constantTimeEquals(presented: string, secret: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b) && secret !== '';
}
