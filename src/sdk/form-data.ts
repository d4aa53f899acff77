import busboy from 'busboy';
import { MultiDict } from './multi-dict.js';
import { RequestBodyError } from './request-body.error.js';
import { STRICT_UTF8 } from './strict-utf8.js';

/** A text field of a submitted form. */
export class StringFormPart {
  public constructor(
    public readonly name: string,
    public readonly value: string,
  ) {}

  /** False: this part is a text field. */
  public isFile(): this is FileFormPart {
    return false;
  }
}

/** An uploaded file of a multipart form. */
export class FileFormPart {
  public constructor(
    public readonly name: string,
    public readonly filename: string,
    public readonly content: Buffer,
    public readonly contentType: string | null,
  ) {}

  /** True: this part is an uploaded file. */
  public isFile(): this is FileFormPart {
    return true;
  }
}

/** One entry of {@link SimpleAPIRequest.formData}: a text field or a file. */
export type FormPart = StringFormPart | FileFormPart;

/** The parsed form: field names to parts, in submission order. */
export type FormData = MultiDict<FormPart>;

export function decodeUtf8(body: Buffer): string {
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    throw new RequestBodyError('Request body is not valid UTF-8');
  }
}

export function parseUrlEncoded(body: Buffer): FormData {
  const params = new URLSearchParams(decodeUtf8(body));
  return new MultiDict(
    Array.from(params, ([name, value]) => [name, new StringFormPart(name, value)] as const),
  );
}

/** Parses a multipart body with busboy; a file part is any part sent with a filename. */
export function parseMultipart(body: Buffer, contentTypeHeader: string): Promise<FormData> {
  return new Promise((resolve, reject) => {
    const parts: Array<readonly [string, FormPart]> = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentTypeHeader }, defParamCharset: 'utf8' });
    } catch (error) {
      reject(new RequestBodyError(`Cannot parse multipart body: ${(error as Error).message}`));
      return;
    }

    parser.on('field', (name, value) => parts.push([name, new StringFormPart(name, value)]));
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      // A truncated body errors the file stream too; unheard, that error would escape as is.
      stream.on('error', (error: Error) =>
        reject(new RequestBodyError(`Cannot parse multipart body: ${error.message}`)),
      );
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const part = new FileFormPart(
          name,
          info.filename ?? '',
          Buffer.concat(chunks),
          info.mimeType,
        );
        parts.push([name, part]);
      });
    });
    parser.on('error', (error: Error) =>
      reject(new RequestBodyError(`Cannot parse multipart body: ${error.message}`)),
    );
    parser.on('close', () => resolve(new MultiDict(parts)));
    parser.end(body);
  });
}
