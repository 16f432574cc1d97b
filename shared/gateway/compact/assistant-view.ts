import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  type AssistantSettings,
  COMPACT_THRESHOLD,
  DEFAULT_TOOL_MODE,
  readAssistantSettings,
  type ToolMode,
  watchAssistantSettings,
} from '../../connections/assistant-settings.js';
import type { Connection } from '../../connections/model.js';
import { describeError } from '../../errors.js';
import type { Catalog } from '../../catalog/tool-catalog.js';
import type { GatewayLog } from '../gateway-log.js';
import { compactToolList } from './compact-tools.js';

/** Who the gateway serves and how it was asked to list tools. */
export interface AssistantViewOptions {
  home: string;
  /** The assistant that started this gateway (`--assistant`); without one every connection is visible. */
  assistant?: string;
  /** `--tool-mode` on the command line: wins over the assistant's saved choice. */
  toolMode?: ToolMode;
  log: GatewayLog;
}

/**
 * What one assistant sees of the catalog: only the connections the person chose for it, listed either in full or,
 * in compact mode, as `find_tools` + `call_tool`. This is the one place the gateway's visible list is narrowed;
 * the call path (`callGatewayTool`) is the same for a direct call and for `call_tool`.
 */
export class AssistantView {
  readonly #options: AssistantViewOptions;
  #settings: AssistantSettings;
  #filtered = new WeakMap<Catalog, Catalog>();

  constructor(options: AssistantViewOptions) {
    this.#options = options;
    this.#settings = this.#read();
  }

  /** The assistant's current settings (as last read). */
  get settings(): AssistantSettings {
    return this.#settings;
  }

  #read(): AssistantSettings {
    const { assistant, home, log } = this.#options;
    if (!assistant) return { toolMode: 'full' };
    try {
      const settings = readAssistantSettings(home, assistant);
      if (settings.problem)
        log.warn(`settings of assistant '${assistant}': ${settings.problem}; no connection is shown`);
      return settings;
    } catch (error) {
      // A restriction that cannot be read hides everything rather than showing everything.
      log.warn(`settings of assistant '${assistant}' cannot be read (${describeError(error)}); no connection is shown`);
      return { connections: [], toolMode: DEFAULT_TOOL_MODE, problem: describeError(error) };
    }
  }

  /** Re-reads the settings file; true when anything this view depends on changed. */
  reload(): boolean {
    const next = this.#read();
    const changed = JSON.stringify(next) !== JSON.stringify(this.#settings);
    if (changed) {
      this.#settings = next;
      this.#filtered = new WeakMap();
    }
    return changed;
  }

  /** Watches the settings file; `onChange` runs when this assistant's settings changed. */
  watch(onChange: () => void): () => void {
    if (!this.#options.assistant) return () => undefined;
    return watchAssistantSettings(this.#options.home, () => {
      if (this.reload()) onChange();
    });
  }

  /** Whether this assistant may see (and call) the tools of a connection. */
  allows(connectionId: string): boolean {
    const chosen = this.#settings.connections;
    return !chosen || chosen.includes(connectionId);
  }

  /** The catalog narrowed to this assistant's connections (cached per catalog). */
  filter(catalog: Catalog): Catalog {
    if (!this.#settings.connections) return catalog;
    let filtered = this.#filtered.get(catalog);
    if (!filtered) {
      const keep = <T extends { connectionId: string }>(map: Map<string, T>) =>
        new Map([...map].filter(([, tool]) => this.allows(tool.connectionId)));
      const tools = keep(catalog.tools);
      filtered = { tools, hidden: keep(catalog.hidden), list: catalog.list.filter((t) => tools.has(t.name)) };
      this.#filtered.set(catalog, filtered);
    }
    return filtered;
  }

  /** Whether the assistant gets the compact list for this (already filtered) catalog. */
  compact(visible: Catalog): boolean {
    const mode = this.#options.toolMode ?? this.#settings.toolMode;
    return mode === 'compact' || (mode === 'auto' && visible.list.length > COMPACT_THRESHOLD);
  }

  /** The `tools/list` answer for this assistant. */
  list(catalog: Catalog, connectionOf: (id: string) => Connection | undefined): Tool[] {
    const visible = this.filter(catalog);
    if (!this.compact(visible)) return visible.list;
    const ids = new Set([...visible.tools.values()].map((t) => t.connectionId));
    return compactToolList(
      visible,
      [...ids].flatMap((id) => connectionOf(id) ?? []),
    );
  }
}
