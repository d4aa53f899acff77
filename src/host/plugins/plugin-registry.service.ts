import type { LoadedPlugin } from './loaded-plugin.js';

/** The plugins being served, by name. Built once at start-up; read on every request. */
export class PluginRegistry {
  private readonly plugins: ReadonlyMap<string, LoadedPlugin>;

  public constructor(plugins: readonly LoadedPlugin[]) {
    this.plugins = new Map(plugins.map((plugin) => [plugin.name, plugin]));
  }

  public get(name: string): LoadedPlugin | undefined {
    return this.plugins.get(name);
  }

  public all(): LoadedPlugin[] {
    return [...this.plugins.values()];
  }
}
