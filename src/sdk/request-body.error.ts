/**
 * Thrown by {@link SimpleAPIRequest.json}, {@link SimpleAPIRequest.text} and
 * {@link SimpleAPIRequest.formData} when the client sent a body that cannot be read that way
 * (malformed JSON, invalid UTF-8, truncated multipart…). If the route method does not catch it,
 * the host answers 400 with the message.
 *
 * @example
 * ```ts
 * let payload: unknown;
 * try {
 *   payload = this.request.json();
 * } catch (error) {
 *   if (error instanceof RequestBodyError) {
 *     return [new JSONResponse({ error: 'send JSON' }, { statusCode: 422 })];
 *   }
 *   throw error;
 * }
 * ```
 */
export class RequestBodyError extends Error {
  public override readonly name = 'RequestBodyError';
}
