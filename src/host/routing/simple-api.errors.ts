import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Stable codes of the SimpleAPI path. 4xx and 503 bodies are `{"error": <message>, "code":
 * <code>}`; 401 bodies are exactly `{"error": <message>}` as Canvas clients expect; 500s have an
 * empty body and the code appears only in the log line.
 */
export const SimpleApiErrorCode = {
  /** 404: no plugin of that name is loaded. */
  PluginNotFound: 'SIMPLEAPI_ERR_PLUGIN_NOT_FOUND',
  /** 404: the plugin has no route for this method and path. */
  RouteNotFound: 'SIMPLEAPI_ERR_ROUTE_NOT_FOUND',
  /** 400: a path parameter is not valid percent-encoding. */
  BadPath: 'SIMPLEAPI_ERR_BAD_PATH',
  /** 400: the body could not be read as the handler asked (JSON, UTF-8, form data). */
  BadBody: 'SIMPLEAPI_ERR_BAD_BODY',
  /** 413: the body is larger than HTTP_BODY_LIMIT_BYTES. */
  BodyTooLarge: 'SIMPLEAPI_ERR_BODY_TOO_LARGE',
  /** 401: authenticate() denied, or the credentials could not be read. */
  Unauthenticated: 'SIMPLEAPI_ERR_UNAUTHENTICATED',
  /** 503: a Broadcast of the request could not be handed to the bus. */
  BroadcastUnavailable: 'SIMPLEAPI_ERR_BROADCAST_UNAVAILABLE',
  /** 500: several handler classes of one plugin match the request. */
  AmbiguousRoute: 'SIMPLEAPI_ERR_AMBIGUOUS_ROUTE',
  /** 500: authenticate() or the route method threw, or returned an invalid result. */
  HandlerFailed: 'SIMPLEAPI_ERR_HANDLER_FAILED',
} as const;

export type SimpleApiErrorCode = (typeof SimpleApiErrorCode)[keyof typeof SimpleApiErrorCode];

/** A client-facing SimpleAPI error with a stable code. */
export class SimpleApiException extends HttpException {
  public constructor(
    public readonly code: SimpleApiErrorCode,
    status: HttpStatus,
    message: string,
  ) {
    super({ error: message, code }, status);
  }
}

/** 401 with the Canvas body `{"error": <message>}`. */
export class UnauthenticatedException extends HttpException {
  public readonly code = SimpleApiErrorCode.Unauthenticated;

  public constructor(message: string) {
    super({ error: message }, HttpStatus.UNAUTHORIZED);
  }
}

/** A bare 500 (empty body). The cause has been logged where it happened. */
export class BareServerErrorException extends HttpException {
  public constructor(public readonly code: SimpleApiErrorCode) {
    super('', HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
