import {
  Broadcast,
  CHANNEL_NAME_PATTERN,
  Effect,
  EffectType,
  EffectValidationError,
  MAX_BROADCAST_MESSAGE_BYTES,
  isAppliedBroadcast,
} from './effect.js';

function validationErrorOf(broadcast: Broadcast): EffectValidationError {
  try {
    broadcast.apply();
  } catch (error) {
    if (error instanceof EffectValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected apply() to throw an EffectValidationError');
}

describe(Broadcast.name, () => {
  describe('apply', () => {
    describe('when the channel is valid', () => {
      it.each([
        ['letters and digits', 'notifications2'],
        ['a hyphen and an underscore', 'room-1_a'],
        ['Unicode letters', 'kanäle-日本語-ελληνικά'],
        ['Unicode digits', 'room٣'],
        ['a single character', 'x'],
        ['255 characters', 'a'.repeat(255)],
      ])('should accept %s', (_case, channel) => {
        const effect = new Broadcast({ channel, message: 'hi' }).apply();

        expect(effect.payload.channel).toBe(channel);
      });
    });

    describe('when the channel is invalid', () => {
      it.each([
        ['an empty name', ''],
        ['a space', 'a b'],
        ['a slash', 'a/b'],
        ['a dot', 'a.b'],
        ['256 characters', 'a'.repeat(256)],
        ['a trailing newline', 'abc\n'],
        ['a non-string', 42 as unknown as string],
      ])('should reject %s naming the field channel', (_case, channel) => {
        const error = validationErrorOf(new Broadcast({ channel, message: 'hi' }));

        expect(error.effect).toBe('Broadcast');
        expect(error.field).toBe('channel');
        expect(error.message).toMatch(/^Broadcast\.channel: /);
      });
    });

    describe('when the message is JSON', () => {
      it.each([
        ['an object', { a: 1, nested: { list: [true, null, 'x'] } }],
        ['an array', [1, 'two', { three: 3 }]],
        ['a string', 'hello'],
        ['a number', 3.5],
        ['a boolean', false],
        ['null', null],
        ['an empty object', {}],
        ['a Date (via toJSON)', new Date(0)],
      ])('should accept %s and serialise it once with JSON.stringify', (_case, message) => {
        const effect = new Broadcast({ channel: 'c', message }).apply();

        expect(effect.type).toBe(EffectType.Broadcast);
        expect(effect.payload.message).toBe(message);
        expect(effect.payload.json).toBe(JSON.stringify(message));
      });

      it('should accept a value reached twice without a cycle', () => {
        const shared = { x: 1 };
        const message = { a: shared, b: [shared, shared] };

        const effect = new Broadcast({ channel: 'c', message }).apply();

        expect(effect.payload.json).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
      });

      it('should accept a message of exactly the size limit', () => {
        const message = 'a'.repeat(MAX_BROADCAST_MESSAGE_BYTES - 2);

        const effect = new Broadcast({ channel: 'c', message }).apply();

        expect(Buffer.byteLength(effect.payload.json)).toBe(MAX_BROADCAST_MESSAGE_BYTES);
      });
    });

    describe('when the message is not JSON', () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      const cyclicList: unknown[] = [];
      cyclicList.push([cyclicList]);

      it.each([
        ['an object cycle', cyclic],
        ['an array cycle', cyclicList],
        ['undefined', undefined],
        ['undefined in an object', { a: 1, b: undefined }],
        ['undefined in an array', [1, undefined]],
        ['a function', () => 1],
        ['a nested function', { handler: { run: () => 1 } }],
        ['a BigInt', 10n],
        ['a nested BigInt', [{ big: 10n }]],
        ['a symbol', Symbol('s')],
        ['NaN', NaN],
        ['Infinity', { n: Infinity }],
        ['-Infinity', [-Infinity]],
        ['a toJSON that returns undefined', { toJSON: () => undefined }],
      ])('should reject %s naming the field message', (_case, message) => {
        const error = validationErrorOf(new Broadcast({ channel: 'c', message }));

        expect(error.field).toBe('message');
        expect(error.message).toMatch(/^Broadcast\.message: /);
      });

      it('should reject a toJSON that returns its own object as a cycle', () => {
        const selfish = {
          toJSON(): unknown {
            return this;
          },
        };

        const error = validationErrorOf(new Broadcast({ channel: 'c', message: { selfish } }));

        expect(error.field).toBe('message');
        expect(error.message).toContain('cycle');
      });

      it('should name the path to the culprit', () => {
        const error = validationErrorOf(
          new Broadcast({ channel: 'c', message: { list: [1, { bad: undefined }] } }),
        );

        expect(error.message).toContain('$.list[1].bad');
      });

      it('should reject a message larger than 64 KiB serialised', () => {
        const message = 'a'.repeat(MAX_BROADCAST_MESSAGE_BYTES - 1);

        const error = validationErrorOf(new Broadcast({ channel: 'c', message }));

        expect(MAX_BROADCAST_MESSAGE_BYTES).toBe(64 * 1024);
        expect(error.field).toBe('message');
      });

      it('should count bytes, not characters', () => {
        const message = 'é'.repeat(MAX_BROADCAST_MESSAGE_BYTES / 2);

        expect(validationErrorOf(new Broadcast({ channel: 'c', message })).field).toBe('message');
      });
    });

    it('should return a frozen effect', () => {
      const effect = new Broadcast({ channel: 'c', message: 1 }).apply();

      expect(effect).toBeInstanceOf(Effect);
      expect(Object.isFrozen(effect)).toBe(true);
    });
  });
});

describe(isAppliedBroadcast.name, () => {
  it('should be true for an effect returned by apply()', () => {
    expect(isAppliedBroadcast(new Broadcast({ channel: 'c', message: 1 }).apply())).toBe(true);
  });

  it('should be false for a hand-built effect of the broadcast type', () => {
    const forged = new Effect(EffectType.Broadcast, { channel: 'c', message: 1, json: '1' });

    expect(isAppliedBroadcast(forged)).toBe(false);
  });

  it('should be false for a Broadcast that was not applied and for other values', () => {
    expect(isAppliedBroadcast(new Broadcast({ channel: 'c', message: 1 }))).toBe(false);
    expect(isAppliedBroadcast(null)).toBe(false);
    expect(isAppliedBroadcast({ type: EffectType.Broadcast })).toBe(false);
  });
});

describe('CHANNEL_NAME_PATTERN', () => {
  it('should match the documented rule', () => {
    expect(CHANNEL_NAME_PATTERN.test('a-b_c')).toBe(true);
    expect(CHANNEL_NAME_PATTERN.test('a+b')).toBe(false);
  });
});
