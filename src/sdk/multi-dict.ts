/**
 * An ordered, immutable dictionary in which a key may carry several values, as query strings,
 * form data and headers do.
 *
 * `get` returns the first value, `getList` all of them in the order they arrived.
 *
 * @example
 * ```ts
 * const params = this.request.queryParams; // ?tag=a&tag=b&empty=
 * params.get('tag');      // 'a'
 * params.getList('tag');  // ['a', 'b']
 * params.get('empty');    // ''
 * ```
 */
export class MultiDict<V> implements Iterable<[string, V]> {
  private readonly pairs: ReadonlyArray<readonly [string, V]>;

  public constructor(pairs: Iterable<readonly [string, V]> = []) {
    this.pairs = Array.from(pairs, ([key, value]) => [this.normalizeKey(key), value] as const);
  }

  /** The first value of `key`, or `undefined` when it is absent. */
  public get(key: string): V | undefined {
    const wanted = this.normalizeKey(key);
    return this.pairs.find(([k]) => k === wanted)?.[1];
  }

  /** Every value of `key` in arrival order; an empty list when it is absent. */
  public getList(key: string): V[] {
    const wanted = this.normalizeKey(key);
    return this.pairs.filter(([k]) => k === wanted).map(([, v]) => v);
  }

  /** Whether `key` has at least one value. */
  public has(key: string): boolean {
    const wanted = this.normalizeKey(key);
    return this.pairs.some(([k]) => k === wanted);
  }

  /** The distinct keys, in the order each was first seen. */
  public keys(): string[] {
    return [...new Set(this.pairs.map(([k]) => k))];
  }

  /** Every (key, value) pair in arrival order, repeated keys included. */
  public multiItems(): Array<[string, V]> {
    return this.pairs.map(([k, v]) => [k, v]);
  }

  /** The number of distinct keys. */
  public get size(): number {
    return this.keys().length;
  }

  /** A plain object with the first value of each key. */
  public toObject(): Record<string, V> {
    const result: Record<string, V> = {};
    for (const [key, value] of this.pairs) {
      // Own-property check and a data property, so `constructor` or `__proto__` are kept as keys.
      if (!Object.hasOwn(result, key)) {
        Object.defineProperty(result, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return result;
  }

  public [Symbol.iterator](): Iterator<[string, V]> {
    return this.multiItems()[Symbol.iterator]();
  }

  protected normalizeKey(key: string): string {
    return key;
  }
}

/**
 * A {@link MultiDict} whose keys are compared without regard to case; keys are stored in lower
 * case. Used for headers.
 *
 * @example
 * ```ts
 * this.request.headers.get('Content-Type') === this.request.headers.get('content-type'); // true
 * ```
 */
export class CaseInsensitiveMultiDict<V> extends MultiDict<V> {
  protected override normalizeKey(key: string): string {
    return key.toLowerCase();
  }
}
