import { RoutePathError, compileRoutePath } from './route-path.js';

describe(compileRoutePath.name, () => {
  describe('when the path is literal', () => {
    it('should match the path exactly, trailing slash included', () => {
      const sut = compileRoutePath('/ping');

      expect(sut.paramNames).toEqual([]);
      expect(sut.regex.test('/ping')).toBe(true);
      expect(sut.regex.test('/ping/')).toBe(false);
      expect(sut.regex.test('/pingx')).toBe(false);
      expect(sut.regex.test('/x/ping')).toBe(false);
    });

    it('should match the root path', () => {
      const sut = compileRoutePath('/');

      expect(sut.regex.test('/')).toBe(true);
      expect(sut.regex.test('')).toBe(false);
    });

    it.each([
      ['.', '/v1.0/info', '/v1x0/info'],
      ['*', '/a*', '/aaaa'],
      ['+', '/a+b', '/aab'],
      ['?', '/ab?', '/a'],
      ['^ and $', '/^a$', '/a'],
      ['braces', '/a{2}', '/aa'],
      ['parentheses and |', '/(a|b)', '/a'],
      ['brackets', '/[ab]', '/a'],
      ['a backslash', '/a\\d', '/a1'],
    ])('should treat %s as literal text', (_case, path, lookalike) => {
      const sut = compileRoutePath(path);

      expect(sut.regex.test(path)).toBe(true);
      expect(sut.regex.test(lookalike)).toBe(false);
    });
  });

  describe('when the path has parameters', () => {
    it('should capture each parameter in order', () => {
      const sut = compileRoutePath('/stores/<store>/items/<item_id>');

      expect(sut.paramNames).toEqual(['store', 'item_id']);
      expect(sut.regex.exec('/stores/s%201/items/42')?.slice(1)).toEqual(['s%201', '42']);
    });

    it('should match one or more characters other than "/"', () => {
      const sut = compileRoutePath('/items/<id>');

      expect(sut.regex.test('/items/')).toBe(false);
      expect(sut.regex.test('/items/a/b')).toBe(false);
      expect(sut.regex.test('/items/a.b')).toBe(true);
    });

    it('should allow literal text around a parameter within a segment', () => {
      const sut = compileRoutePath('/files/<name>.json');

      expect(sut.regex.exec('/files/report.json')?.[1]).toBe('report');
      expect(sut.regex.test('/files/reportXjson')).toBe(false);
    });

    it('should accept identifiers with capitals, digits and underscores', () => {
      expect(compileRoutePath('/<_a>/<B2>/<snake_case>').paramNames).toEqual([
        '_a',
        'B2',
        'snake_case',
      ]);
    });
  });

  describe('when the path is invalid', () => {
    it.each([
      ['does not start with "/"', 'ping', 'must start with "/"'],
      ['is empty', '', 'must start with "/"'],
      ['has an empty parameter', '/a/<>', 'must be a valid identifier'],
      ['has a parameter starting with a digit', '/a/<1id>', 'must be a valid identifier'],
      ['has a parameter with a hyphen', '/a/<item-id>', 'must be a valid identifier'],
      ['has a parameter with a space', '/a/< id>', 'must be a valid identifier'],
      ['repeats a parameter', '/<id>/x/<id>', 'appears twice'],
      ['has a lone "<"', '/a<b', 'unbalanced'],
      ['has a lone ">"', '/a>b', 'unbalanced'],
      ['has an unclosed parameter', '/a/<id', 'unbalanced'],
      ['has nested brackets', '/a/<<id>>', 'unbalanced'],
    ])('should reject a path that %s', (_case, path, reason) => {
      const compile = () => compileRoutePath(path);

      expect(compile).toThrow(RoutePathError);
      expect(compile).toThrow(reason);
    });
  });
});
