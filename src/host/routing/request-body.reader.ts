import type { IncomingMessage } from 'node:http';
import { HttpStatus } from '@nestjs/common';
import { SimpleApiErrorCode, SimpleApiException } from './simple-api.errors.js';

const EMPTY = Buffer.alloc(0);

/** The client went away before its body was complete; there is nobody left to answer. */
export class ClientAbortedError extends Error {
  public override readonly name = 'ClientAbortedError';

  public constructor() {
    super('The client closed the connection before sending the whole body');
  }
}

function tooLarge(limit: number): SimpleApiException {
  return new SimpleApiException(
    SimpleApiErrorCode.BodyTooLarge,
    HttpStatus.PAYLOAD_TOO_LARGE,
    `Request body is larger than ${limit} bytes`,
  );
}

/**
 * Reads the whole request body into one Buffer, refusing more than `limit` bytes (413). A
 * declared Content-Length over the limit is refused before anything is read.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  if (req.readableEnded) {
    return Promise.resolve(EMPTY);
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(
        chunks.length === 1 ? chunks[0] : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size),
      );
    };
    const onError = (): void => {
      cleanup();
      reject(new ClientAbortedError());
    };
    const onClose = (): void => {
      if (!req.complete) {
        onError();
      }
    };
    const cleanup = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
