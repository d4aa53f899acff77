/** A UTF-8 decoder that throws on invalid input instead of substituting U+FFFD. */
export const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
