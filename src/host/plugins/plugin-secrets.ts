import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Secrets } from '../../sdk/index.js';
import { PluginLoadError, PluginLoadErrorCode } from './plugin-load.errors.js';

/** The variable a secret is read from: `PLUGIN_<PLUGIN>_<SECRET>`, non-alphanumerics as `_`. */
export function secretVariableName(plugin: string, secret: string): string {
  return `PLUGIN_${plugin}_${secret}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The result of reading a plugin's secrets: values, and the names that have none. */
export interface PluginSecrets {
  readonly values: Secrets;
  readonly unset: readonly string[];
}

/**
 * Reads the secrets a plugin declared, from `<secretsDir>/<plugin>.json` (a flat JSON object)
 * and then from the environment, which wins. Undeclared names in either place are ignored.
 *
 * @throws {@link PluginLoadError} naming the file when it is not a flat JSON object of strings.
 */
export function readPluginSecrets(
  plugin: string,
  declared: readonly string[],
  env: NodeJS.ProcessEnv,
  secretsDir?: string,
): PluginSecrets {
  const fromFile = secretsDir ? readSecretsFile(plugin, join(secretsDir, `${plugin}.json`)) : {};
  const values: Record<string, string> = {};
  const unset: string[] = [];
  for (const name of declared) {
    const fileValue = Object.hasOwn(fromFile, name) ? fromFile[name] : undefined;
    const value = env[secretVariableName(plugin, name)] ?? fileValue;
    if (value === undefined || value === '') {
      unset.push(name);
    } else {
      values[name] = value;
    }
  }
  return { values: Object.freeze(values), unset };
}

function secretsFileError(plugin: string, file: string, problem: string): PluginLoadError {
  return new PluginLoadError(
    PluginLoadErrorCode.SecretsFile,
    plugin,
    `its secrets file ${file} ${problem}; fix or remove it`,
  );
}

function readSecretsFile(plugin: string, file: string): Record<string, string> {
  if (!existsSync(file)) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // The parser's message quotes the file's text, secret values included; keep it out of logs.
    throw secretsFileError(plugin, file, 'is not valid JSON');
  }
  const isFlat =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!isFlat) {
    throw secretsFileError(plugin, file, 'must be a JSON object whose values are strings');
  }
  return parsed as Record<string, string>;
}
