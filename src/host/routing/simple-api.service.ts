import type { ServerResponse } from 'node:http';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import {
  AuthenticationError,
  type Effect,
  MissingSecretError,
  RequestBodyError,
  Response,
  SimpleAPIRequest,
  type SimpleAPIBase,
  parseRawHeaders,
} from '../../sdk/internal.js';
import { BroadcastUnavailableError } from '../broadcast/broadcast.errors.js';
import { AppConfig } from '../config/app-config.js';
import { EffectInterpreter } from '../effects/effect-interpreter.service.js';
import { secretVariableName } from '../plugins/plugin-secrets.js';
import { SessionResolver } from '../session/session-resolver.service.js';
import { withSessionIdentity } from '../session/identity-headers.js';
import { type ApiUrl, parseApiUrl } from './api-url.js';
import { readRequestBody } from './request-body.reader.js';
import { SimpleApiMetrics, type TrackedRequest } from './simple-api.metrics.js';
import { processRouteResult } from './response-list.js';
import { type ResolvedRoute, RouteResolver } from './route-resolver.service.js';
import {
  BareServerErrorException,
  SimpleApiErrorCode,
  SimpleApiException,
  UnauthenticatedException,
} from './simple-api.errors.js';

/** One SimpleAPI request on its way through the guard and the controller. */
export interface ApiCall extends ResolvedRoute {
  readonly handlerInstance: SimpleAPIBase;
  readonly request: SimpleAPIRequest;
}

/** Headers a plugin may not set: the transport owns them. */
const TRANSPORT_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

/**
 * The SimpleAPI request lifecycle: resolve the route, read the request, authenticate, run the
 * route method, apply its effects and write the response.
 */
@Injectable()
export class SimpleApiService {
  private readonly logger = new Logger(SimpleApiService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly routes: RouteResolver,
    private readonly sessions: SessionResolver,
    private readonly effects: EffectInterpreter,
    private readonly metrics: SimpleApiMetrics,
  ) {}

  /** Resolves the route (404 before anything else), reads the body and builds the handler. */
  public async prepare(req: TrackedRequest): Promise<ApiCall> {
    req.apiStartedAt = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const url = this.parseUrl(req.originalUrl ?? req.url ?? '');
    const resolved = this.routes.resolve(method, url);
    req.apiPlugin = resolved.plugin.name;

    const body = await readRequestBody(req, this.config.HTTP_BODY_LIMIT_BYTES);
    const cookie = req.headers.cookie;
    const user = cookie === undefined ? null : await this.sessions.resolve(cookie);
    const request = new SimpleAPIRequest({
      method,
      path: url.path,
      queryString: url.queryString,
      headers: parseRawHeaders(withSessionIdentity(req.rawHeaders, user)),
      body,
      pathParams: resolved.pathParams,
    });

    const handlerInstance = this.createHandler(resolved);
    handlerInstance.request = request;
    return { ...resolved, handlerInstance, request };
  }

  /** Runs the handler's `authenticate()` with its declared credentials type. */
  public async authenticate(call: ApiCall): Promise<void> {
    let accepted: boolean;
    try {
      const credentials = new call.handler.credentialsClass(call.request);
      accepted = await call.handlerInstance.authenticate(credentials);
    } catch (error) {
      throw this.authenticationFailure(call, error);
    }
    if (accepted !== true) {
      throw new UnauthenticatedException(new AuthenticationError().message);
    }
  }

  /** Runs the route method and applies its effects; returns the response to send. */
  public async run(call: ApiCall): Promise<Response> {
    const routeMethod = (call.handlerInstance as unknown as Record<string, () => unknown>)[
      call.route.methodName
    ];
    let processed;
    try {
      processed = processRouteResult(await routeMethod.call(call.handlerInstance));
      this.effects.validate(call.plugin.name, processed.effects);
    } catch (error) {
      throw this.routeFailure(call, error);
    }

    if (processed.effects.length > 0) {
      await this.applyEffects(call, processed.effects);
    }
    return processed.response ?? new Response(null, { statusCode: HttpStatus.NO_CONTENT });
  }

  /** Writes a plugin response; the transport's own headers are left to Node. */
  public write(req: TrackedRequest, res: ServerResponse, response: Response, call: ApiCall): void {
    try {
      for (const [name, value] of Object.entries(response.headers)) {
        if (!TRANSPORT_HEADERS.has(name.toLowerCase())) {
          res.setHeader(name, value);
        }
      }
    } catch (error) {
      // Node refuses header names or values with forbidden characters; answer a clean 500.
      res.getHeaderNames().forEach((name) => res.removeHeader(name));
      throw this.routeFailure(call, error);
    }
    res.statusCode = response.statusCode;
    res.end(response.statusCode === Number(HttpStatus.NO_CONTENT) ? undefined : response.body);
    this.metrics.observe(req, response.statusCode);
  }

  private createHandler(resolved: ResolvedRoute): SimpleAPIBase {
    try {
      return resolved.plugin.instantiate(resolved.handler.handlerClass);
    } catch (error) {
      this.logger.error({
        code: SimpleApiErrorCode.HandlerFailed,
        plugin: resolved.plugin.name,
        err: error,
        msg: `Plugin "${resolved.plugin.name}": creating ${resolved.handler.name} failed; check its constructor and the providers it injects`,
      });
      throw new BareServerErrorException(SimpleApiErrorCode.HandlerFailed);
    }
  }

  private parseUrl(rawUrl: string): ApiUrl {
    const url = parseApiUrl(rawUrl);
    if (url === null) {
      throw new SimpleApiException(
        SimpleApiErrorCode.PluginNotFound,
        HttpStatus.NOT_FOUND,
        'The URL does not name a plugin: use /plugin-io/api/<plugin>/<path>',
      );
    }
    return url;
  }

  private async applyEffects(call: ApiCall, effects: readonly Effect[]): Promise<void> {
    try {
      await this.effects.apply(call.plugin.name, effects);
    } catch (error) {
      if (error instanceof BroadcastUnavailableError) {
        this.logger.warn({ code: error.code, plugin: call.plugin.name, msg: error.message });
        throw new SimpleApiException(
          SimpleApiErrorCode.BroadcastUnavailable,
          HttpStatus.SERVICE_UNAVAILABLE,
          'The broadcast could not be sent; retry later',
        );
      }
      throw error;
    }
  }

  private authenticationFailure(call: ApiCall, error: unknown): Error {
    if (error instanceof MissingSecretError) {
      const variable = secretVariableName(call.plugin.name, error.secretName);
      this.logger.error({
        code: SimpleApiErrorCode.Unauthenticated,
        plugin: call.plugin.name,
        secretName: error.secretName,
        msg: `Plugin "${call.plugin.name}" (${call.handler.name}) needs secret "${error.secretName}", which has no value; set ${variable} or add it to the plugin's secrets file`,
      });
    }
    if (error instanceof AuthenticationError) {
      return new UnauthenticatedException(error.message);
    }
    return this.routeFailure(call, error, 'authenticate()');
  }

  private routeFailure(call: ApiCall, error: unknown, where = `${call.route.methodName}()`): Error {
    if (error instanceof RequestBodyError) {
      return new SimpleApiException(
        SimpleApiErrorCode.BadBody,
        HttpStatus.BAD_REQUEST,
        error.message,
      );
    }
    this.logger.error({
      code: SimpleApiErrorCode.HandlerFailed,
      plugin: call.plugin.name,
      err: error,
      msg: `Plugin "${call.plugin.name}": ${call.handler.name}.${where} failed for ${call.route.method} ${call.route.path}`,
    });
    return new BareServerErrorException(SimpleApiErrorCode.HandlerFailed);
  }
}
