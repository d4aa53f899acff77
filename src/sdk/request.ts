import { type FormData, decodeUtf8, parseMultipart, parseUrlEncoded } from './form-data.js';
import type { Headers } from './headers.js';
import { MultiDict } from './multi-dict.js';
import { RequestBodyError } from './request-body.error.js';

/** What the host knows about an HTTP request when it hands it to a plugin. */
export interface SimpleAPIRequestInit {
  method: string;
  path: string;
  queryString: string;
  headers: Headers;
  body: Buffer;
  pathParams?: Readonly<Record<string, string>>;
}

/**
 * The HTTP request a SimpleAPI handler serves, available as `this.request` in `authenticate()`
 * and in route methods. The body is readable in both.
 *
 * @example
 * ```ts
 * @api.post('/patients/<id>/notes')
 * async addNote(): Promise<Array<Response | Effect>> {
 *   const id = this.request.pathParams.id;
 *   const note = this.request.json() as { text: string };
 *   const form = await this.request.formData(); // for urlencoded or multipart bodies
 *   return [new JSONResponse({ id, length: note.text.length })];
 * }
 * ```
 */
export class SimpleAPIRequest {
  /** Upper-case HTTP method. */
  public readonly method: string;
  /** The path after `/plugin-io/api/<plugin>`, exactly as sent (not decoded). */
  public readonly path: string;
  /** The raw query string, without the `?`. */
  public readonly queryString: string;
  /** Request headers; list-valued headers such as Accept are split on commas. */
  public readonly headers: Headers;
  /** The raw body. */
  public readonly body: Buffer;
  /** Path parameters of the matched route, percent-decoded once. */
  public readonly pathParams: Readonly<Record<string, string>>;

  private parsedQuery?: MultiDict<string>;
  private parsedForm?: Promise<FormData>;

  public constructor(init: SimpleAPIRequestInit) {
    this.method = init.method;
    this.path = init.path;
    this.queryString = init.queryString;
    this.headers = init.headers;
    this.body = init.body;
    this.pathParams = init.pathParams ?? {};
  }

  /** Query parameters in order; `+` and percent-escapes are decoded, blank values kept. */
  public get queryParams(): MultiDict<string> {
    this.parsedQuery ??= new MultiDict(new URLSearchParams(this.queryString));
    return this.parsedQuery;
  }

  /**
   * The media type of the body without its parameters, in lower case
   * (`multipart/form-data; boundary=x` → `multipart/form-data`), or `null` when not sent.
   */
  public get contentType(): string | null {
    const header = this.headers.get('content-type');
    if (header === undefined) {
      return null;
    }
    const mediaType = header.split(';', 1)[0].trim().toLowerCase();
    return mediaType === '' ? null : mediaType;
  }

  /** The body decoded as strict UTF-8. @throws {@link RequestBodyError} on invalid UTF-8. */
  public text(): string {
    return decodeUtf8(this.body);
  }

  /** The body parsed as JSON (any top-level value). @throws {@link RequestBodyError}. */
  public json(): unknown {
    const text = this.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new RequestBodyError('Request body is not valid JSON');
    }
  }

  /**
   * The body parsed as `application/x-www-form-urlencoded` or `multipart/form-data`.
   * Parsed once; later calls return the same result.
   *
   * @throws {@link RequestBodyError} for other content types or a malformed body.
   */
  public formData(): Promise<FormData> {
    this.parsedForm ??= this.parseForm();
    return this.parsedForm;
  }

  private parseForm(): Promise<FormData> {
    const contentType = this.contentType;
    if (contentType === 'application/x-www-form-urlencoded') {
      return Promise.resolve().then(() => parseUrlEncoded(this.body));
    }
    if (contentType === 'multipart/form-data') {
      return parseMultipart(this.body, this.headers.get('content-type') ?? '');
    }
    return Promise.reject(
      new RequestBodyError(`Cannot parse content type ${contentType ?? '(none)'} as form data`),
    );
  }
}
