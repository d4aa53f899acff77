import { Effect, Response } from '../../sdk/index.js';

/** What a valid route result boils down to. */
export interface ProcessedResult {
  /** The one response, if any (none means 204). */
  readonly response?: Response;
  /** Effects to apply; empty when the response is a 4xx or 5xx. */
  readonly effects: readonly Effect[];
}

/** A route result that breaks the rules; the request answers a bare 500. */
export class InvalidRouteResultError extends Error {
  public override readonly name = 'InvalidRouteResultError';
}

/**
 * Applies the response-list rules: at most one response; a 4xx or 5xx response (met before any
 * second response) wins alone and cancels every effect; anything that is neither a response nor
 * an effect is an error.
 */
export function processRouteResult(result: unknown): ProcessedResult {
  if (!Array.isArray(result)) {
    throw new InvalidRouteResultError('a route method must return a list of responses and effects');
  }

  let response: Response | undefined;
  const effects: Effect[] = [];
  for (const item of result as unknown[]) {
    if (item instanceof Response) {
      if (response !== undefined) {
        throw new InvalidRouteResultError('a route method returned more than one response');
      }
      if (!Number.isInteger(item.statusCode) || item.statusCode < 100 || item.statusCode > 599) {
        throw new InvalidRouteResultError(`status ${item.statusCode} is outside 100-599`);
      }
      if (item.statusCode >= 400) {
        return { response: item, effects: [] };
      }
      response = item;
    } else if (item instanceof Effect) {
      effects.push(item);
    } else {
      throw new InvalidRouteResultError(
        'a route result item is neither a Response nor an Effect; did you forget .apply()?',
      );
    }
  }
  return { response, effects };
}
