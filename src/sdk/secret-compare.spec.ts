import { constantTimeEquals } from './secret-compare.js';

describe(constantTimeEquals.name, () => {
  it('should accept an equal value', () => {
    expect(constantTimeEquals('s3cret-ü', 's3cret-ü')).toBe(true);
  });

  it.each([
    ['a different value of the same length', 's3cret-x'],
    ['a prefix of the secret', 's3cret'],
    ['the secret with a suffix', 's3cret-üü'],
    ['a value in another case', 'S3CRET-Ü'],
    ['an empty value', ''],
  ])('should reject %s', (_case, presented) => {
    expect(constantTimeEquals(presented, 's3cret-ü')).toBe(false);
  });

  it('should reject everything when the secret is empty, an empty value included', () => {
    expect(constantTimeEquals('', '')).toBe(false);
    expect(constantTimeEquals('x', '')).toBe(false);
  });
});
