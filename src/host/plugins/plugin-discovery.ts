import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginLoadError, PluginLoadErrorCode } from './plugin-load.errors.js';

/** The folder holding the example plugins that ship with the host (src/plugins or dist/plugins). */
export const BUILT_IN_PLUGINS_DIR = fileURLToPath(new URL('../../plugins/', import.meta.url));

/** A plugin folder and what importing its entry file gave. */
export interface DiscoveredPlugin {
  readonly folder: string;
  readonly entryFile: string;
  readonly exports?: Record<string, unknown>;
  readonly error?: PluginLoadError;
}

/**
 * Finds `<dir>/<name>/<name>.plugin.{js,ts}` in each folder and imports it. A folder whose entry
 * cannot be imported is returned with its error, so one broken plugin never stops the others.
 */
export async function discoverPlugins(
  dirs: readonly string[],
  only?: readonly string[],
): Promise<DiscoveredPlugin[]> {
  const found = dirs.flatMap((dir) => listPluginFolders(dir));
  const wanted = only ? found.filter(({ folder }) => only.includes(folder)) : found;
  // One at a time: load order (and so log order) stays the folder order, and loaders that
  // link modules lazily (Jest's ESM runtime) do not see two plugins race for a shared import.
  const discovered: DiscoveredPlugin[] = [];
  for (const { folder, entryFile } of wanted) {
    discovered.push(await importPlugin(folder, entryFile));
  }
  return discovered;
}

function listPluginFolders(dir: string): Array<{ folder: string; entryFile: string }> {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const candidates = ['js', 'ts'].map((ext) =>
        join(dir, entry.name, `${entry.name}.plugin.${ext}`),
      );
      const entryFile = candidates.find((file) => existsSync(file));
      return entryFile ? [{ folder: entry.name, entryFile }] : [];
    });
}

async function importPlugin(folder: string, entryFile: string): Promise<DiscoveredPlugin> {
  try {
    const exports = (await import(entryFile)) as Record<string, unknown>;
    return { folder, entryFile, exports };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new PluginLoadError(
      PluginLoadErrorCode.ImportFailed,
      folder,
      `importing ${entryFile} failed: ${reason}`,
      { cause },
    );
    return { folder, entryFile, error };
  }
}
