import { CaseInsensitiveMultiDict, MultiDict } from './multi-dict.js';

describe(MultiDict.name, () => {
  let sut: MultiDict<string>;

  beforeEach(() => {
    sut = new MultiDict([
      ['tag', 'a'],
      ['empty', ''],
      ['tag', 'b'],
      ['Tag', 'c'],
    ]);
  });

  describe('get', () => {
    it('should return the first value of a repeated key', () => {
      expect(sut.get('tag')).toBe('a');
    });

    it('should return a blank value as is', () => {
      expect(sut.get('empty')).toBe('');
    });

    it('should return undefined for an absent key', () => {
      expect(sut.get('missing')).toBeUndefined();
    });

    it('should compare keys with their case', () => {
      expect(sut.get('Tag')).toBe('c');
      expect(sut.get('TAG')).toBeUndefined();
    });
  });

  describe('getList', () => {
    it('should return every value of a key in arrival order', () => {
      expect(sut.getList('tag')).toEqual(['a', 'b']);
    });

    it('should return an empty list for an absent key', () => {
      expect(sut.getList('missing')).toEqual([]);
    });
  });

  describe('has', () => {
    it('should tell present keys, blank ones included, from absent ones', () => {
      expect(sut.has('tag')).toBe(true);
      expect(sut.has('empty')).toBe(true);
      expect(sut.has('missing')).toBe(false);
    });
  });

  describe('keys', () => {
    it('should list distinct keys in first-seen order', () => {
      expect(sut.keys()).toEqual(['tag', 'empty', 'Tag']);
    });
  });

  describe('multiItems', () => {
    it('should list every pair in arrival order', () => {
      expect(sut.multiItems()).toEqual([
        ['tag', 'a'],
        ['empty', ''],
        ['tag', 'b'],
        ['Tag', 'c'],
      ]);
    });

    it('should return a copy that does not change the dictionary', () => {
      const items = sut.multiItems();
      items.length = 0;
      expect(sut.getList('tag')).toEqual(['a', 'b']);
    });
  });

  describe('iterator', () => {
    it('should iterate over every pair', () => {
      expect([...sut]).toEqual(sut.multiItems());
    });
  });

  describe('size', () => {
    it('should count distinct keys', () => {
      expect(sut.size).toBe(3);
    });

    it('should be 0 for an empty dictionary', () => {
      expect(new MultiDict().size).toBe(0);
    });
  });

  describe('toObject', () => {
    it('should keep the first value of each key', () => {
      expect(sut.toObject()).toEqual({ tag: 'a', empty: '', Tag: 'c' });
    });

    it('should keep keys that are names of Object.prototype members', () => {
      const dict = new MultiDict([
        ['constructor', 'x'],
        ['toString', 'y'],
        ['__proto__', 'z'],
      ]);

      const result = dict.toObject();

      expect(Object.keys(result)).toEqual(['constructor', 'toString', '__proto__']);
      expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('z');
      expect(result.constructor).toBe('x');
    });
  });
});

describe(CaseInsensitiveMultiDict.name, () => {
  let sut: CaseInsensitiveMultiDict<string>;

  beforeEach(() => {
    sut = new CaseInsensitiveMultiDict([
      ['Content-Type', 'text/plain'],
      ['X-Tag', 'a'],
      ['x-tag', 'b'],
    ]);
  });

  describe('get', () => {
    it('should find a key whatever its case', () => {
      expect(sut.get('content-type')).toBe('text/plain');
      expect(sut.get('CONTENT-TYPE')).toBe('text/plain');
    });
  });

  describe('getList', () => {
    it('should merge values of keys that differ only in case', () => {
      expect(sut.getList('X-TAG')).toEqual(['a', 'b']);
    });
  });

  describe('has', () => {
    it('should find a key whatever its case', () => {
      expect(sut.has('x-TAG')).toBe(true);
      expect(sut.has('x-other')).toBe(false);
    });
  });

  describe('keys', () => {
    it('should store keys in lower case', () => {
      expect(sut.keys()).toEqual(['content-type', 'x-tag']);
      expect(sut.size).toBe(2);
    });
  });

  describe('toObject', () => {
    it('should use lower-case keys and first values', () => {
      expect(sut.toObject()).toEqual({ 'content-type': 'text/plain', 'x-tag': 'a' });
    });
  });
});
