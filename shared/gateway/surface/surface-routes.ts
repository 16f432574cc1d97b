import { ErrorCode, McpError, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { namespacedToolName, shortHash } from '../../catalog/tool-names.js';
import { parseNamespacedResourceUri } from './resource-uris.js';
import { RESOURCE_NOT_FOUND } from './surface-errors.js';
import { labelledDescription, labelledTitle, type SurfaceTarget, type SurfaceTargets } from './surface-targets.js';

/** Where a public prompt name or gateway resource URI leads: the upstream connection and the upstream's own name or URI. */
export interface PromptRoute {
  target: SurfaceTarget;
  name: string;
}

/** A gateway resource URI (or URI template) resolved to its upstream. */
export interface ResourceRoute {
  target: SurfaceTarget;
  uri: string;
}

/** How often a prompt name the gateway does not know may trigger a fresh prompt list. */
const RELIST_INTERVAL_MS = 1_000;

/**
 * The gateway's names for upstream prompts and resources, and their way back: prompts are named `<prefix>__<name>`
 * (salted with a short hash when two upstream names would collide after shortening), resources keep the stateless
 * `bridgekeeper://<prefix>/<uri>` form. A name or URI of a disabled connection is refused saying so; an unknown one
 * says to ask for the list again.
 */
export class SurfaceRoutes {
  readonly #targets: () => Promise<SurfaceTargets>;
  readonly #relistPrompts: () => Promise<unknown>;
  /** Public prompt name → connection and the upstream's own name (as of the latest prompt list). */
  #promptNames = new Map<string, { connectionId: string; name: string }>();
  #lastPromptRelist = 0;

  /** `targets` reads the current connections; `relistPrompts` lists the prompts again (which calls `namePrompts`). */
  constructor(targets: () => Promise<SurfaceTargets>, relistPrompts: () => Promise<unknown>) {
    this.#targets = targets;
    this.#relistPrompts = relistPrompts;
  }

  /** The public prompts of every upstream (named, titled and described with their account), remembered for routing. */
  namePrompts(lists: Array<{ target: SurfaceTarget; items: Prompt[] }>): Prompt[] {
    const names = new Map<string, { connectionId: string; name: string }>();
    const out: Prompt[] = [];
    for (const { target, items } of lists) {
      for (const prompt of items) {
        let name = namespacedToolName(target.prefix, prompt.name);
        for (let salt = 0; names.has(name); salt++)
          name = namespacedToolName(
            target.prefix,
            `${prompt.name}_${shortHash(`${target.connection.id}:${prompt.name}:${salt}`, 4)}`,
          );
        names.set(name, { connectionId: target.connection.id, name: prompt.name });
        out.push({
          ...prompt,
          name,
          title: labelledTitle(prompt, target),
          description: labelledDescription(prompt.description, target),
        });
      }
    }
    this.#promptNames = names;
    return out;
  }

  /** The connection and upstream name of a public prompt name (one fresh prompt list on a miss, at most once a second). */
  async prompt(name: string): Promise<PromptRoute> {
    let entry = this.#promptNames.get(name);
    if (!entry && Date.now() - this.#lastPromptRelist >= RELIST_INTERVAL_MS) {
      this.#lastPromptRelist = Date.now();
      await this.#relistPrompts();
      entry = this.#promptNames.get(name);
    }
    const { targets, disabled } = await this.#targets();
    const target = entry && targets.find((t) => t.connection.id === entry.connectionId);
    if (entry && target) return { target, name: entry.name };
    const off = [...disabled].find(([prefix]) => name.startsWith(`${prefix}__`))?.[1];
    if (off)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Prompt '${name}' is not available: the connection '${off.label}' is disabled in Bridgekeeper. Enable it in the Bridgekeeper app or with \`bridgekeeper connections enable "${off.label}"\`.`,
      );
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown prompt: '${name}'. Ask for the prompt list again: connections may have been added, removed or renamed.`,
    );
  }

  /** The connection and upstream URI of a gateway resource URI (or URI template). */
  async resource(uri: string): Promise<ResourceRoute> {
    const parsed = parseNamespacedResourceUri(uri);
    const { targets, disabled } = await this.#targets();
    const target = parsed && targets.find((t) => t.prefix === parsed.prefix);
    if (parsed && target) return { target, uri: parsed.uri };
    const off = parsed && disabled.get(parsed.prefix);
    if (off)
      throw new McpError(
        RESOURCE_NOT_FOUND,
        `Resource '${uri}' is not available: the connection '${off.label}' is disabled in Bridgekeeper. Enable it in the Bridgekeeper app or with \`bridgekeeper connections enable "${off.label}"\`.`,
        { uri },
      );
    const why = parsed
      ? 'no enabled connection serves it (it may have been removed or renamed)'
      : 'resources of the gateway have URIs starting with bridgekeeper://<connection>/';
    throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: '${uri}': ${why}. Ask for the resource list again.`, {
      uri,
    });
  }
}
