/**
 * Why a plugin was not loaded. Each code is stable and appears in the log line that reports the
 * plugin; the message names the plugin (and the class or route) and says what to fix.
 */
export const PluginLoadErrorCode = {
  /** The plugin's entry file threw or could not be imported. */
  ImportFailed: 'PLUGIN_ERR_IMPORT_FAILED',
  /** The folder has no `<name>.plugin.ts` file exporting a class marked with `@Plugin`. */
  NoPluginClass: 'PLUGIN_ERR_NO_PLUGIN_CLASS',
  /** The `@Plugin` options are invalid (name, handlers, secrets). */
  InvalidDeclaration: 'PLUGIN_ERR_INVALID_DECLARATION',
  /** Another loaded plugin already uses the name. */
  DuplicateName: 'PLUGIN_ERR_DUPLICATE_NAME',
  /** A handler class is not a SimpleAPI, SimpleAPIRoute or WebSocketAPI, or is misdeclared. */
  InvalidHandler: 'PLUGIN_ERR_INVALID_HANDLER',
  /** The plugin's file in PLUGIN_SECRETS_DIR is not a flat JSON object of strings. */
  SecretsFile: 'PLUGIN_ERR_SECRETS_FILE',
  /** A handler class injects dependencies but is not marked with `@Injectable()`. */
  NotInjectable: 'PLUGIN_ERR_NOT_INJECTABLE',
  /** A route path, prefix or parameter is invalid, or a route is declared twice. */
  InvalidRoute: 'PLUGIN_ERR_INVALID_ROUTE',
} as const;

export type PluginLoadErrorCode = (typeof PluginLoadErrorCode)[keyof typeof PluginLoadErrorCode];

/** A plugin that cannot be served; the host logs it and keeps serving the others. */
export class PluginLoadError extends Error {
  public override readonly name = 'PluginLoadError';

  public constructor(
    public readonly code: PluginLoadErrorCode,
    public readonly plugin: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`Plugin "${plugin}" was not loaded: ${detail}`, options);
  }
}
