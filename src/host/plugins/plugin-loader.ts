import { Logger } from '@nestjs/common';
import { getPluginOptions } from '../../sdk/internal.js';
import type { AppConfig } from '../config/app-config.js';
import { compilePlugin } from './plugin-compiler.js';
import {
  type DiscoveredPlugin,
  BUILT_IN_PLUGINS_DIR,
  discoverPlugins,
} from './plugin-discovery.js';
import { LoadedPlugin } from './loaded-plugin.js';
import { PluginLoadError, PluginLoadErrorCode } from './plugin-load.errors.js';
import { readPluginSecrets } from './plugin-secrets.js';

const logger = new Logger('PluginLoader');

/**
 * Discovers, validates and prepares every plugin. A plugin that fails any step is logged with
 * its name, code and reason and left out; the others are returned.
 */
export async function loadPlugins(
  config: AppConfig,
  env: NodeJS.ProcessEnv,
): Promise<LoadedPlugin[]> {
  const dirs = [BUILT_IN_PLUGINS_DIR, ...config.PLUGINS_DIRS];
  const discovered = await discoverPlugins(dirs, config.PLUGINS);
  warnAboutMissing(config.PLUGINS, discovered);

  const loaded: LoadedPlugin[] = [];
  for (const candidate of discovered) {
    try {
      const plugin = preparePlugin(candidate, config, env);
      if (loaded.some((other) => other.name === plugin.name)) {
        throw new PluginLoadError(
          PluginLoadErrorCode.DuplicateName,
          plugin.name,
          `another folder already provides it (${candidate.entryFile}); rename one of them`,
        );
      }
      loaded.push(plugin);
      logLoaded(plugin);
    } catch (error) {
      reportBroken(candidate.folder, error);
    }
  }
  return loaded;
}

function preparePlugin(
  candidate: DiscoveredPlugin,
  config: AppConfig,
  env: NodeJS.ProcessEnv,
): LoadedPlugin {
  if (candidate.error) {
    throw candidate.error;
  }
  const pluginClasses = Object.values(candidate.exports ?? {}).filter(
    (value) => typeof value === 'function',
  );
  const compiled = compilePlugin(candidate.folder, pluginClasses.find(isPluginClass));

  const secrets = readPluginSecrets(
    compiled.name,
    compiled.secretNames,
    env,
    config.PLUGIN_SECRETS_DIR,
  );
  for (const name of secrets.unset) {
    logger.warn(`Plugin "${compiled.name}" declares secret "${name}" but it has no value`);
  }

  const environment = Object.freeze({
    CUSTOMER_IDENTIFIER: config.CUSTOMER_IDENTIFIER,
    INSTALLATION_TIME_ZONE: config.INSTALLATION_TIME_ZONE,
  });
  return new LoadedPlugin(compiled, secrets.values, environment);
}

function isPluginClass(value: unknown): boolean {
  return getPluginOptions(value) !== undefined;
}

function warnAboutMissing(
  only: readonly string[] | undefined,
  discovered: DiscoveredPlugin[],
): void {
  for (const name of only ?? []) {
    if (!discovered.some((candidate) => candidate.folder === name)) {
      logger.warn(`PLUGINS names "${name}" but no plugin folder of that name was found`);
    }
  }
}

function logLoaded(plugin: LoadedPlugin): void {
  const { httpHandlers, webSocketHandlers } = plugin.compiled;
  const routes = httpHandlers.reduce(
    (count, handler) =>
      count + [...handler.routes.values()].reduce((n, list) => n + list.length, 0),
    0,
  );
  logger.log(
    `Plugin "${plugin.name}" loaded: ${routes} HTTP routes, ${webSocketHandlers.length} WebSocket handlers`,
  );
}

function reportBroken(folder: string, error: unknown): void {
  if (error instanceof PluginLoadError) {
    logger.warn({ code: error.code, plugin: error.plugin, msg: error.message });
    return;
  }
  const reason = error instanceof Error ? error.message : String(error);
  logger.warn({
    code: PluginLoadErrorCode.InvalidDeclaration,
    plugin: folder,
    msg: `Plugin "${folder}" was not loaded: ${reason}`,
  });
}
