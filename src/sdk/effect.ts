/** Effect types the host knows how to apply. */
export const EffectType = {
  Broadcast: 'SIMPLE_API_WEBSOCKET_BROADCAST',
} as const;

/** The type of an effect the host knows. */
export type EffectType = (typeof EffectType)[keyof typeof EffectType];

/**
 * Something a handler asks the host to do, returned in a route method's result list next to at
 * most one response. Effects are applied only after the whole list proved valid, and not at all
 * when the response is a 4xx or 5xx. Build them with an effect class's `apply()`.
 *
 * @example
 * ```ts
 * const effects: Effect[] = [new Broadcast({ channel: 'ward-3', message: { bed: 12 } }).apply()];
 * return [...effects, new JSONResponse({ queued: effects.length }, { statusCode: 202 })];
 * ```
 */
export class Effect<P = unknown> {
  public constructor(
    public readonly type: string,
    public readonly payload: P,
  ) {
    Object.freeze(this);
  }
}

/** Thrown by `apply()` when an effect's fields are invalid; names the field. */
export class EffectValidationError extends Error {
  public override readonly name = 'EffectValidationError';

  public constructor(
    public readonly effect: string,
    public readonly field: string,
    reason: string,
  ) {
    super(`${effect}.${field}: ${reason}`);
  }
}

/** Channel names: 1–255 Unicode letters, digits, `_` or `-`. */
export const CHANNEL_NAME_PATTERN = /^[\p{L}\p{N}_-]{1,255}$/u;

/** The largest broadcast message, serialised as JSON, in bytes. */
export const MAX_BROADCAST_MESSAGE_BYTES = 64 * 1024;

/** The payload of an applied {@link Broadcast}: the message and its JSON, serialised once. */
export interface BroadcastPayload {
  readonly channel: string;
  readonly message: unknown;
  readonly json: string;
}

const appliedBroadcasts = new WeakSet<Effect>();

/**
 * Pushes a JSON message to every client connected to this plugin's WebSocket channel
 * `channel`. Clients receive one text frame `{"message": <message>}`. Delivery is at most once,
 * in publish order per channel.
 *
 * @example
 * ```ts
 * @api.post('/callback')
 * callback(): Array<Response | Effect> {
 *   return [
 *     new Broadcast({ channel: 'notifications', message: this.request.json() }).apply(),
 *     new JSONResponse({ status: 'ok' }, { statusCode: 202 }),
 *   ];
 * }
 * ```
 */
export class Broadcast {
  public readonly channel: string;
  public readonly message: unknown;

  public constructor(init: { channel: string; message: unknown }) {
    this.channel = init.channel;
    this.message = init.message;
  }

  /**
   * Validates the broadcast and returns the effect.
   *
   * @throws {@link EffectValidationError} when the channel breaks {@link CHANNEL_NAME_PATTERN}
   * or the message is not JSON-serialisable (cycles, `undefined`, functions, BigInt, symbols,
   * non-finite numbers) or is larger than {@link MAX_BROADCAST_MESSAGE_BYTES}.
   */
  public apply(): Effect<BroadcastPayload> {
    if (typeof this.channel !== 'string' || !CHANNEL_NAME_PATTERN.test(this.channel)) {
      throw new EffectValidationError(
        'Broadcast',
        'channel',
        'must be 1-255 letters, digits, underscores or hyphens',
      );
    }
    const json = serializeMessage(this.message);
    const effect = new Effect<BroadcastPayload>(EffectType.Broadcast, {
      channel: this.channel,
      message: this.message,
      json,
    });
    appliedBroadcasts.add(effect);
    return effect;
  }
}

/** Whether `effect` was produced by {@link Broadcast.apply} (and so is already validated). */
export function isAppliedBroadcast(effect: unknown): effect is Effect<BroadcastPayload> {
  return effect instanceof Effect && appliedBroadcasts.has(effect);
}

function serializeMessage(message: unknown): string {
  const problem = findNonJson(message, '$', new Set());
  if (problem !== null) {
    throw new EffectValidationError('Broadcast', 'message', problem);
  }
  const json = JSON.stringify(message);
  if (Buffer.byteLength(json) > MAX_BROADCAST_MESSAGE_BYTES) {
    throw new EffectValidationError(
      'Broadcast',
      'message',
      `is larger than ${MAX_BROADCAST_MESSAGE_BYTES} bytes once serialised`,
    );
  }
  return json;
}

/** Returns why `value` is not plain JSON (with the path to the culprit), or null. */
function findNonJson(value: unknown, path: string, ancestors: Set<object>): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is not a finite number`;
    case 'object':
      return value === null ? null : findNonJsonInObject(value, path, ancestors);
    case 'undefined':
    case 'function':
    case 'bigint':
    case 'symbol':
      return `${path} is a ${typeof value}, which JSON cannot represent`;
  }
}

function findNonJsonInObject(value: object, path: string, ancestors: Set<object>): string | null {
  if (ancestors.has(value)) {
    return `${path} refers back to itself (a cycle)`;
  }
  // Added before toJSON runs, so a toJSON that returns its own object is a cycle, not a recursion.
  ancestors.add(value);
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    const problem = findNonJson((withToJson.toJSON as () => unknown).call(value), path, ancestors);
    ancestors.delete(value);
    return problem;
  }

  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item] as const)
    : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item] as const);
  for (const [childPath, child] of entries) {
    const problem = findNonJson(child, childPath, ancestors);
    if (problem !== null) {
      return problem;
    }
  }
  ancestors.delete(value);
  return null;
}
