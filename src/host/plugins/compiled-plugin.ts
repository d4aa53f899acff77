import type { CredentialsClass, HttpMethod, SimpleAPIBase, WebSocketAPI } from '../../sdk/index.js';

/** A concrete handler class as the host instantiates it. */
export type HandlerConstructor<T> = new (...args: unknown[]) => T;

/** One route of a handler class, ready to match. */
export interface CompiledRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly regex: RegExp;
  readonly paramNames: readonly string[];
  /** The method of the handler to call. */
  readonly methodName: string;
}

/** A SimpleAPI or SimpleAPIRoute class with its routes, per HTTP method in declaration order. */
export interface CompiledHttpHandler {
  readonly name: string;
  readonly handlerClass: HandlerConstructor<SimpleAPIBase>;
  readonly credentialsClass: CredentialsClass;
  readonly routes: ReadonlyMap<HttpMethod, readonly CompiledRoute[]>;
}

/** A WebSocketAPI class. */
export interface CompiledWebSocketHandler {
  readonly name: string;
  readonly handlerClass: HandlerConstructor<WebSocketAPI> & typeof WebSocketAPI;
}

/** A plugin whose declaration and route tables proved valid. */
export interface CompiledPlugin {
  readonly name: string;
  readonly moduleClass: new (...args: unknown[]) => unknown;
  readonly secretNames: readonly string[];
  readonly imports: readonly unknown[];
  readonly providers: readonly unknown[];
  readonly httpHandlers: readonly CompiledHttpHandler[];
  readonly webSocketHandlers: readonly CompiledWebSocketHandler[];
}
