import { Module, type ModuleMetadata } from '@nestjs/common';
import type { SimpleAPIBase } from './simple-api.js';
import type { WebSocketAPI } from './websocket-api.js';

/** A handler class a plugin can list. */
export type HandlerClass = abstract new (...args: never[]) => SimpleAPIBase | WebSocketAPI;

/** What a plugin declares about itself. */
export interface PluginOptions {
  /** The URL segment; lowercase letters, digits and `_`, starting with a letter. */
  name: string;
  /** SimpleAPI, SimpleAPIRoute and WebSocketAPI classes the plugin serves. */
  handlers: HandlerClass[];
  /**
   * Secret names the handlers read from `this.secrets`. Secret `api-key` of plugin
   * `notifications` comes from `PLUGIN_NOTIFICATIONS_API_KEY`.
   * @default []
   */
  secrets?: string[];
  /** Nest modules whose exports the handlers and providers inject. */
  imports?: ModuleMetadata['imports'];
  /** Providers the handlers may inject: services, startup tasks, timers. */
  providers?: ModuleMetadata['providers'];
}

/** Plugin names: they are the URL segment, so lowercase letters, digits and `_`. */
export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Metadata key under which {@link Plugin} stores its options. */
export const PLUGIN_METADATA = Symbol('plugin-io:plugin');

/**
 * Marks a class as a plugin module. Put it in `src/plugins/<name>/<name>.plugin.ts`; the host
 * discovers the folder, validates the declaration and serves the handlers under
 * `/plugin-io/api/<name>/…` and `/plugin-io/ws/<name>/<channel>/`.
 *
 * @example
 * ```ts
 * @Plugin({
 *   name: 'notifications',
 *   handlers: [NotificationsSocket, NotificationsApi],
 *   secrets: ['api-key'],
 *   providers: [NotificationFormatter],
 * })
 * export class NotificationsPlugin {}
 * ```
 */
export function Plugin(options: PluginOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(PLUGIN_METADATA, options, target);
    Module({ imports: options.imports ?? [], providers: options.providers ?? [] })(target);
  };
}

/** The options given to {@link Plugin} on `target`, if it is a plugin. */
export function getPluginOptions(target: unknown): PluginOptions | undefined {
  if (typeof target !== 'function') {
    return undefined;
  }
  return Reflect.getMetadata(PLUGIN_METADATA, target) as PluginOptions | undefined;
}
