/** Options shared by every response class. */
export interface ResponseOptions {
  /** HTTP status, 100–599 (anything else makes the host answer 500). @default 200 */
  statusCode?: number;
  /** Extra response headers. A Content-Type given here loses to the class's own. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * A response with a raw body. At most one response may be returned per request; returning none
 * means 204. A 4xx or 5xx response cancels every other effect of the request.
 *
 * @example
 * ```ts
 * return [new Response(pdfBytes, { contentType: 'application/pdf', headers: { 'Cache-Control': 'no-store' } })];
 * ```
 */
export class Response {
  public readonly statusCode: number;
  public readonly headers: Readonly<Record<string, string>>;
  public readonly body: Buffer;

  public constructor(
    content: Buffer | Uint8Array | null = null,
    options: ResponseOptions & { contentType?: string } = {},
  ) {
    this.statusCode = options.statusCode ?? 200;
    this.body = content === null ? Buffer.alloc(0) : Buffer.from(content);
    this.headers = withContentType(options.headers ?? {}, options.contentType);
  }
}

function withContentType(
  headers: Readonly<Record<string, string>>,
  contentType: string | undefined,
): Record<string, string> {
  if (contentType === undefined) {
    return { ...headers };
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-type') {
      result[name] = value;
    }
  }
  result['Content-Type'] = contentType;
  return result;
}

/**
 * A JSON body (`Content-Type: application/json`). The content is serialised when the response
 * is built, so a value that cannot be serialised fails the route (500).
 *
 * @example
 * ```ts
 * return [new JSONResponse({ status: 'ok' }, { statusCode: 202 })];
 * ```
 */
export class JSONResponse extends Response {
  public constructor(content: unknown, options: ResponseOptions = {}) {
    const json = JSON.stringify(content);
    if (json === undefined) {
      throw new TypeError('JSONResponse content is not JSON-serialisable');
    }
    super(Buffer.from(json), { ...options, contentType: 'application/json' });
  }
}

/**
 * A `text/plain` body, UTF-8 encoded.
 *
 * @example
 * ```ts
 * return [new PlainTextResponse('pong')];
 * ```
 */
export class PlainTextResponse extends Response {
  public constructor(content: string, options: ResponseOptions = {}) {
    super(Buffer.from(content, 'utf8'), { ...options, contentType: 'text/plain' });
  }
}

/**
 * A `text/html` body, UTF-8 encoded. Escape what you interpolate.
 *
 * @example
 * ```ts
 * return [new HTMLResponse('<h1>Hello</h1>')];
 * ```
 */
export class HTMLResponse extends Response {
  public constructor(content: string, options: ResponseOptions = {}) {
    super(Buffer.from(content, 'utf8'), { ...options, contentType: 'text/html' });
  }
}
