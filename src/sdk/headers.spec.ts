import { LIST_VALUED_HEADERS, parseRawHeaders } from './headers.js';

describe(parseRawHeaders.name, () => {
  it('should split list-valued headers on commas and trim each piece', () => {
    const sut = parseRawHeaders(['Accept', 'text/html , application/json,*/*;q=0.8']);

    expect(sut.getList('accept')).toEqual(['text/html', 'application/json', '*/*;q=0.8']);
  });

  it('should split every list-valued header it knows', () => {
    for (const name of LIST_VALUED_HEADERS) {
      expect(parseRawHeaders([name, 'a, b']).getList(name)).toEqual(['a', 'b']);
    }
  });

  it('should keep Authorization whole', () => {
    const sut = parseRawHeaders(['Authorization', 'Digest a=1, b=2']);

    expect(sut.getList('authorization')).toEqual(['Digest a=1, b=2']);
  });

  it('should keep User-Agent whole', () => {
    const agent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)';

    expect(parseRawHeaders(['User-Agent', agent]).getList('user-agent')).toEqual([agent]);
  });

  it('should keep custom headers with commas whole', () => {
    const sut = parseRawHeaders(['X-Custom', ' a, b ']);

    expect(sut.getList('x-custom')).toEqual([' a, b ']);
  });

  it('should keep one entry per occurrence of a repeated header', () => {
    const sut = parseRawHeaders(['X-Tag', 'one', 'x-tag', 'two', 'Accept', 'a, b', 'ACCEPT', 'c']);

    expect(sut.getList('X-Tag')).toEqual(['one', 'two']);
    expect(sut.getList('accept')).toEqual(['a', 'b', 'c']);
  });

  it('should look headers up whatever their case', () => {
    const sut = parseRawHeaders(['Content-Type', 'text/plain']);

    expect(sut.get('CONTENT-TYPE')).toBe('text/plain');
    expect(sut.keys()).toEqual(['content-type']);
  });

  it('should return an empty dictionary for no headers', () => {
    const sut = parseRawHeaders([]);

    expect(sut.size).toBe(0);
    expect(sut.get('accept')).toBeUndefined();
  });
});
