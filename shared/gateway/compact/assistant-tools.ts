import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayTool } from '../../catalog/gateway-tool.js';
import type { CatalogManager } from '../catalog-manager.js';
import { errorResult } from '../result-shaping.js';
import type { AssistantView } from './assistant-view.js';
import { CALL_TOOL, CallArgsSchema, findTools } from './compact-tools.js';

/**
 * The gateway's tool list as one assistant sees it, and the compact pair's calls: what the runtime asks for
 * `tools/list`, `tools/call` of `find_tools` / `call_tool`, and when to send `tools/list_changed`.
 */
export class AssistantTools {
  readonly #view: AssistantView;
  readonly #catalog: CatalogManager;
  readonly #sendListChanged: () => void;
  /** What this assistant was last shown (or would have been, before it first asked). */
  #announced: string | undefined;

  readonly #onShown: (list: Tool[]) => void;

  /** `onShown`: a list this assistant was shown (answered or announced), e.g. to answer the next gateway's first list. */
  constructor(
    view: AssistantView,
    catalog: CatalogManager,
    sendListChanged: () => void,
    onShown: (list: Tool[]) => void = () => undefined,
  ) {
    this.#view = view;
    this.#catalog = catalog;
    this.#sendListChanged = sendListChanged;
    this.#onShown = onShown;
  }

  /** Reports a list shown, after the answer or announcement is on its way (recording it reads and writes a file). */
  #shown(list: Tool[]): void {
    setImmediate(() => this.#onShown(list));
  }

  /**
   * The list a previous gateway answered, which this one answered first (before its catalog was built): it is what
   * the assistant was shown, so the built list is compared with it and announced if it differs.
   */
  adopt(shown: Tool[]): void {
    this.#announced = JSON.stringify(shown);
    void this.#catalog.current().then(() => this.announce());
  }

  async #visible(): Promise<Tool[]> {
    return this.#view.list(await this.#catalog.current(), (id) => this.#catalog.connection(id));
  }

  /** Sets the baseline once the first catalog is built (no announcement for it). */
  async baseline(): Promise<void> {
    const list = JSON.stringify(await this.#visible());
    this.#announced ??= list;
  }

  /**
   * Sends `tools/list_changed` when this assistant's own list differs from what it was last shown: another
   * assistant's connections changing, or a change compact mode hides, is not its business.
   */
  async announce(): Promise<void> {
    const visible = await this.#visible();
    const next = JSON.stringify(visible);
    if (this.#announced !== undefined && next !== this.#announced) {
      this.#sendListChanged();
      this.#shown(visible);
    }
    this.#announced = next;
  }

  /** The `tools/list` answer. */
  async list(): Promise<Tool[]> {
    const list = await this.#visible();
    this.#announced = JSON.stringify(list);
    this.#shown(list);
    // A rebuild that finished while this answer was being made is announced now, not lost.
    void this.announce();
    return list;
  }

  /**
   * Answers `find_tools`, or runs `call_tool`: the named tool is looked up exactly as a direct call's name is and
   * handed to `run` (the gateway's one call path), so policies, scope checks, confirmations and audit are the same.
   */
  async callCompact(
    name: string,
    args: unknown,
    run: (tool: GatewayTool, args: Record<string, unknown>) => Promise<CallToolResult>,
  ): Promise<CallToolResult> {
    if (name !== CALL_TOOL)
      return findTools(this.#view.filter(await this.#catalog.current()), (id) => this.#catalog.connection(id), args);
    const call = CallArgsSchema.safeParse(args ?? {});
    if (!call.success) {
      const issue = call.error.issues[0];
      return errorResult(
        `call_tool: ${issue?.path.join('.') || 'arguments'}: ${issue?.message ?? 'invalid'}. Pass {"name": "<tool from find_tools>", "arguments": {…}}.`,
      );
    }
    const tool = await this.#catalog.lookup(call.data.name);
    if (!tool || !this.#view.allows(tool.connectionId))
      return errorResult(
        `No tool named '${call.data.name}' is available here. Use find_tools to look up the right name.`,
      );
    return run(tool, call.data.arguments);
  }
}
