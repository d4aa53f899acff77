import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClientAbortedError } from './request-body.reader.js';
import { BareServerErrorException } from './simple-api.errors.js';
import {
  CLIENT_CLOSED_REQUEST,
  SimpleApiMetrics,
  type TrackedRequest,
} from './simple-api.metrics.js';

/**
 * Writes SimpleAPI errors: JSON bodies for 4xx and 503, an empty body for 500. Client errors are
 * logged at debug; unexpected exceptions at error, with their stack, and never echoed.
 */
@Catch()
@Injectable()
export class SimpleApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(SimpleApiExceptionFilter.name);

  public constructor(private readonly metrics: SimpleApiMetrics) {}

  public catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & TrackedRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }

    if (exception instanceof ClientAbortedError) {
      this.logger.debug(`${req.method} ${rawPath(req)}: client aborted`);
      res.destroy();
      this.metrics.observe(req, CLIENT_CLOSED_REQUEST);
      return;
    } else if (exception instanceof BareServerErrorException) {
      res.status(HttpStatus.INTERNAL_SERVER_ERROR).end();
    } else if (exception instanceof HttpException) {
      this.writeHttpException(req, res, exception);
    } else {
      this.logger.error({
        err: exception,
        msg: `Unhandled error for ${req.method} ${rawPath(req)}`,
      });
      res.status(HttpStatus.INTERNAL_SERVER_ERROR).end();
    }
    this.metrics.observe(req, res.statusCode);
  }

  private writeHttpException(req: Request, res: Response, exception: HttpException): void {
    const status = exception.getStatus();
    this.logger.debug(`${req.method} ${rawPath(req)} → ${status}`);
    if (status === Number(HttpStatus.PAYLOAD_TOO_LARGE)) {
      // The rest of the body is not read; closing is the only way to stop the client sending it.
      res.setHeader('Connection', 'close');
    }
    res.status(status).json(exception.getResponse());
  }
}

/** The path as the client sent it (Express's `req.path` is the escaped routing copy). */
function rawPath(req: Request): string {
  return req.originalUrl.split('?', 1)[0];
}
