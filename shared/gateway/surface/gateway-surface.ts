import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  type CompleteRequest,
  type CompleteResult,
  ErrorCode,
  type GetPromptResult,
  McpError,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditRecord } from '../../audit/audit-record.js';
import type { Connection } from '../../connections/model.js';
import type { ConnectionStore } from '../../connections/store.js';
import { describeError } from '../../errors.js';
import { toUpstreamError, type UpstreamSession } from '../../upstream-mcp/upstream-client.js';
import type { ConnectionBookkeeping } from '../connection-bookkeeping.js';
import type { GatewayConfig } from '../gateway-config.js';
import type { GatewayLog } from '../gateway-log.js';
import { redactPiiText } from '../pii-redaction.js';
import type { ShapeOptions } from '../result-shaping.js';
import { namespacedToolName, shortHash } from '../../catalog/tool-names.js';
import { credentialStateFor } from '../upstream-failure.js';
import type { UpstreamPool } from '../../catalog/upstream-pool.js';
import { namespacedResourceUri, parseNamespacedResourceUri } from './resource-uris.js';
import { RESOURCE_NOT_FOUND, toProtocolError } from './surface-errors.js';
import { maskValue, shapePromptResult, shapeReadResult } from './surface-shaping.js';
import {
  labelledDescription,
  labelledTitle,
  type SurfaceTarget,
  type SurfaceTargets,
  surfaceTargets,
} from './surface-targets.js';
import { type ListItems, type ListKind, UpstreamListCache } from './upstream-lists.js';
import { InstructionsRecorder } from './upstream-instructions.js';
import { UpstreamNotifications } from './upstream-notifications.js';

/** What the surface needs from the running gateway. */
export interface SurfaceDeps {
  server: Server;
  store: ConnectionStore;
  pool: UpstreamPool;
  log: GatewayLog;
  audit: AuditLog;
  bookkeeping: ConnectionBookkeeping;
  config: GatewayConfig;
  knownSecrets: Set<string>;
  /** Bridgekeeper's home (for the cached upstream instructions). */
  home: string;
  /** Watch the store: tell the assistant prompts and resources changed when connections do. */
  watch: boolean;
  /** Whether this assistant sees a connection (its tool set, see `compact/assistant-view.ts`); default: all. */
  visible?: (connectionId: string) => boolean;
}

/** Failures after which an upstream session is not worth keeping (as for tool calls). */
const DROPS_SESSION = new Set(['network', 'timeout', 'bad_response', 'session_expired']);
const TIMED_OUT = Symbol('timed out');

/**
 * Everything an upstream MCP server offers besides tools, carried per connection: prompts (namespaced like tools),
 * resources and resource templates (namespaced URIs, see `resource-uris.ts`), completions, subscriptions, logging.
 * Lists are gathered from every enabled upstream in parallel; requests are routed by name or URI to their upstream,
 * their answers shaped by the connection's policies, prompt gets and resource reads audited like tool calls.
 */
export class GatewaySurface {
  readonly #deps: SurfaceDeps;
  readonly #lists = new UpstreamListCache();
  readonly notifications: UpstreamNotifications;
  /** Public prompt name → connection and the upstream's own name (as of the latest prompt list). */
  #promptNames = new Map<string, { connectionId: string; name: string }>();
  #lastPromptRelist = 0;
  readonly #instructions: InstructionsRecorder;
  #unwatch: (() => void) | undefined;
  #connectionsSignature: string | undefined;

  constructor(deps: SurfaceDeps) {
    this.#deps = deps;
    this.#instructions = new InstructionsRecorder(deps.home, (error) =>
      deps.log.warn(`cannot cache the instructions of the upstream servers: ${describeError(error)}`),
    );
    const connections = this.#safeList();
    // Connections removed or disabled while no gateway ran lose their cached instructions now.
    this.#instructions.retain(new Set(connections.filter((c) => c.enabled).map((c) => c.id)));
    if (deps.watch) {
      this.#connectionsSignature = this.#signature(connections);
      this.#unwatch = deps.store.watch((connections) => this.#connectionsChanged(connections));
    }
    this.notifications = new UpstreamNotifications({
      server: deps.server,
      log: deps.log,
      knownSecrets: deps.knownSecrets,
      timeoutMs: deps.config.callTimeoutMs,
      target: (connectionId) => this.#target(connectionId),
      onListChanged: (client, kinds) => this.#lists.invalidate(client, kinds),
      onInstructions: (connectionId, text) => void this.#recordInstructions(connectionId, text),
    });
  }

  /** Stops watching the store. */
  close(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  #safeList(): Connection[] {
    try {
      return this.#deps.store.list();
    } catch {
      return [];
    }
  }

  /** What the prompt and resource lists depend on: enabled connections, their labels (prefixes, titles) and PII policy (descriptions). */
  #signature(connections: Connection[]): string {
    return JSON.stringify(
      connections
        .filter((c) => c.enabled)
        .map((c) => [c.id, c.provider, c.label, c.metadata.mode, c.metadata.url, c.policies.redactPii]),
    );
  }

  #connectionsChanged(connections: Connection[]): void {
    const signature = this.#signature(connections);
    if (signature === this.#connectionsSignature) return;
    this.#connectionsSignature = signature;
    const enabled = new Set(connections.filter((c) => c.enabled).map((c) => c.id));
    this.#instructions.retain(enabled);
    this.notifications.retain(enabled, new Set(connections.map((c) => c.id)));
    this.notifications.announceListChanged('prompts');
    this.notifications.announceListChanged('resources');
  }

  async #recordInstructions(connectionId: string, text: string | undefined): Promise<void> {
    const target = await this.#target(connectionId);
    if (!target) return;
    const masked = text === undefined ? undefined : maskValue(text, this.#shape(target));
    this.#instructions.record({
      connectionId,
      label: target.connection.label,
      service: target.provider.displayName,
      prefix: target.prefix,
      text: masked,
    });
  }

  /** Called for every upstream session the pool opens (tool path included), so its notifications are relayed. */
  observe(connection: Connection, session: Promise<UpstreamSession>): void {
    session.then(
      (s) => this.notifications.attach(connection.id, s),
      () => undefined,
    );
  }

  async #targets(): Promise<SurfaceTargets> {
    let connections: Connection[];
    try {
      connections = this.#deps.store.list();
    } catch (error) {
      this.#deps.log.warn(`cannot read the connection store: ${describeError(error)}`);
      connections = [];
    }
    const all = await surfaceTargets(connections, (c, error) =>
      this.#deps.log.warn(`'${c.label}' cannot be served: ${describeError(error)}`),
    );
    // Prefixes stay computed over every connection (names match the tools'); an assistant's hidden ones serve nothing.
    const visible = this.#deps.visible;
    return visible ? { ...all, targets: all.targets.filter((t) => visible(t.connection.id)) } : all;
  }

  async #target(connectionId: string): Promise<SurfaceTarget | undefined> {
    return (await this.#targets()).targets.find((t) => t.connection.id === connectionId);
  }

  #session(target: SurfaceTarget): Promise<UpstreamSession> {
    const session = this.#deps.pool.session(target.connection, target.provider);
    this.observe(target.connection, session);
    return session;
  }

  /** One list kind of every enabled upstream; an upstream slower than the list timeout is left out and announced when it answers. */
  async #collect<K extends ListKind>(kind: K): Promise<Array<{ target: SurfaceTarget; items: ListItems[K] }>> {
    const { targets } = await this.#targets();
    const { listTimeoutMs, callTimeoutMs } = this.#deps.config;
    return Promise.all(
      targets.map(async (target) => {
        const pending = this.#session(target).then((s) => this.#lists.get(s.client, kind, callTimeoutMs));
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<typeof TIMED_OUT>(
          (resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), listTimeoutMs)),
        );
        try {
          const result = await Promise.race([pending, timeout]);
          if (result !== TIMED_OUT) return { target, items: result };
          pending.then(
            () => this.notifications.announceListChanged(kind),
            (error: unknown) => this.#listFailed(target, kind, error),
          );
        } catch (error) {
          this.#listFailed(target, kind, error);
        } finally {
          clearTimeout(timer);
        }
        return { target, items: [] as ListItems[K] };
      }),
    );
  }

  #listFailed(target: SurfaceTarget, kind: ListKind, error: unknown): void {
    const serviceName = `${target.provider.displayName} '${target.connection.label}'`;
    this.#deps.log.warn(
      `${kind === 'templates' ? 'resource templates' : kind} of '${target.connection.label}' are unavailable: ${describeError(toUpstreamError(error, serviceName, this.#deps.config.callTimeoutMs))}`,
    );
  }

  /** `prompts/list`: every upstream's prompts, named `<prefix>__<name>`, titled and described with their account. */
  async listPrompts(): Promise<Prompt[]> {
    const names = new Map<string, { connectionId: string; name: string }>();
    const out: Prompt[] = [];
    for (const { target, items } of await this.#collect('prompts')) {
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

  /** `resources/list`: every upstream's resources under gateway URIs. */
  async listResources(): Promise<Resource[]> {
    return (await this.#collect('resources')).flatMap(({ target, items }) =>
      items.map((r) => ({
        ...r,
        uri: namespacedResourceUri(target.prefix, r.uri),
        title: labelledTitle(r, target),
        description: labelledDescription(r.description, target),
      })),
    );
  }

  /** `resources/templates/list`: every upstream's URI templates, namespaced the same way (expansions route back). */
  async listResourceTemplates(): Promise<ResourceTemplate[]> {
    return (await this.#collect('templates')).flatMap(({ target, items }) =>
      items.map((t) => ({
        ...t,
        uriTemplate: namespacedResourceUri(target.prefix, t.uriTemplate),
        title: labelledTitle(t, target),
        description: labelledDescription(t.description, target),
      })),
    );
  }

  /** The connection and upstream name of a public prompt name (one fresh prompt list on a miss, at most once a second). */
  async #routePrompt(name: string): Promise<{ target: SurfaceTarget; name: string }> {
    let entry = this.#promptNames.get(name);
    if (!entry && Date.now() - this.#lastPromptRelist >= 1_000) {
      this.#lastPromptRelist = Date.now();
      await this.listPrompts();
      entry = this.#promptNames.get(name);
    }
    const target = entry && (await this.#target(entry.connectionId));
    if (entry && target) return { target, name: entry.name };
    const disabled = [...(await this.#targets()).disabled].find(([prefix]) => name.startsWith(`${prefix}__`))?.[1];
    if (disabled)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Prompt '${name}' is not available: the connection '${disabled.label}' is disabled in Bridgekeeper. Enable it in the Bridgekeeper app or with \`bridgekeeper connections enable "${disabled.label}"\`.`,
      );
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown prompt: '${name}'. Ask for the prompt list again: connections may have been added, removed or renamed.`,
    );
  }

  /** The connection and upstream URI of a gateway resource URI (or URI template). */
  async #routeResource(uri: string): Promise<{ target: SurfaceTarget; uri: string }> {
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

  /** Request options: the call timeout, and the assistant's cancellation (the SDK then tells the upstream). */
  #options(signal: AbortSignal | undefined): { timeout: number; signal?: AbortSignal } {
    return { timeout: this.#deps.config.callTimeoutMs, ...(signal ? { signal } : {}) };
  }

  #shape(target: SurfaceTarget): ShapeOptions {
    const { config, knownSecrets } = this.#deps;
    return {
      redactPii: target.connection.policies.redactPii,
      maxBytes: config.maxResultBytes,
      maxMediaBytes: config.maxMediaBytes,
      knownSecrets,
    };
  }

  /**
   * Sends one request to the target's upstream (once more on a fresh session if the upstream forgot ours), maps a
   * failure to a clear MCP error, and writes an audit record when `audit` says what to record.
   */
  async #forward<T>(
    target: SurfaceTarget,
    audit: Pick<AuditRecord, 'kind' | 'tool' | 'upstreamTool' | 'argumentNames'> | undefined,
    run: (client: Client) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const { pool, config, bookkeeping, knownSecrets } = this.#deps;
    const { connection } = target;
    const serviceName = `${target.provider.displayName} '${connection.label}'`;
    const started = performance.now();
    let outcome: { outcome: AuditRecord['outcome']; reason?: string; status?: number } = {
      outcome: 'allowed',
      status: 200,
    };
    try {
      const send = async () => run((await this.#session(target)).client);
      const result = await send().catch(async (error: unknown) => {
        if (toUpstreamError(error, serviceName, config.callTimeoutMs).kind !== 'session_expired') throw error;
        await pool.drop(connection.id);
        return send();
      });
      bookkeeping.succeeded(connection);
      return result;
    } catch (error) {
      if (signal?.aborted) {
        // The assistant cancelled: the SDK told the upstream; the session is fine.
        outcome = { outcome: 'error', reason: 'cancelled' };
        throw error;
      }
      const mapped = toUpstreamError(error, serviceName, config.callTimeoutMs);
      const protocol = toProtocolError(error, target, config.callTimeoutMs, knownSecrets);
      const isAnswer = protocol.code !== ErrorCode.InternalError || mapped.kind === 'bad_request';
      outcome = {
        outcome: 'error',
        reason: isAnswer ? 'upstream_protocol_error' : `upstream_${mapped.kind}`,
        ...(mapped.status !== undefined ? { status: mapped.status } : {}),
      };
      if (!isAnswer && DROPS_SESSION.has(mapped.kind)) void pool.drop(connection.id);
      const state = credentialStateFor(mapped);
      if (state && connection.status.state !== state)
        void bookkeeping.credentialProblem(connection, state, protocol.message);
      throw protocol;
    } finally {
      if (audit) this.#audit(target, audit, outcome, started);
    }
  }

  #audit(
    target: SurfaceTarget,
    what: Pick<AuditRecord, 'kind' | 'tool' | 'upstreamTool' | 'argumentNames'>,
    outcome: Pick<AuditRecord, 'outcome' | 'reason' | 'status'>,
    started: number,
  ): void {
    const clientName = this.#deps.server.getClientVersion()?.name;
    void this.#deps.audit.append({
      time: new Date().toISOString(),
      connectionId: target.connection.id,
      connectionLabel: target.connection.label,
      provider: target.connection.provider,
      ...what,
      access: 'read',
      ...outcome,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(clientName ? { client: clientName } : {}),
    });
  }

  /** `prompts/get`, routed by the public name; messages shaped by the connection's policies. */
  async getPrompt(
    name: string,
    args: Record<string, string> | undefined,
    signal?: AbortSignal,
  ): Promise<GetPromptResult> {
    const route = await this.#routePrompt(name);
    const audit = {
      kind: 'prompt' as const,
      tool: name,
      upstreamTool: route.name,
      argumentNames: Object.keys(args ?? {}).sort(),
    };
    const result = await this.#forward(
      route.target,
      audit,
      (client) => client.getPrompt({ name: route.name, ...(args ? { arguments: args } : {}) }, this.#options(signal)),
      signal,
    );
    return shapePromptResult(result, route.target.prefix, this.#shape(route.target));
  }

  /** `resources/read`, routed by the gateway URI; contents shaped by the connection's policies. */
  async readResource(uri: string, signal?: AbortSignal): Promise<ReadResourceResult> {
    const route = await this.#routeResource(uri);
    // The audit log never holds argument values: a URI's query is left out, emails and phone numbers in it masked.
    const recorded = (u: string) => redactPiiText(u.split('?')[0]!);
    const audit = {
      kind: 'resource' as const,
      tool: recorded(uri),
      upstreamTool: recorded(route.uri),
      argumentNames: [],
    };
    const result = await this.#forward(
      route.target,
      audit,
      (client) => client.readResource({ uri: route.uri }, this.#options(signal)),
      signal,
    );
    return shapeReadResult(result, route.target.prefix, this.#shape(route.target));
  }

  /** `completion/complete` for a prompt argument or a resource template variable; empty when the upstream offers none. */
  async complete(params: CompleteRequest['params'], signal?: AbortSignal): Promise<CompleteResult> {
    const ref = params.ref;
    let route: { target: SurfaceTarget };
    let upstreamRef: CompleteRequest['params']['ref'];
    if (ref.type === 'ref/prompt') {
      const prompt = await this.#routePrompt(ref.name);
      route = prompt;
      upstreamRef = { ...ref, name: prompt.name };
    } else {
      const resource = await this.#routeResource(ref.uri);
      route = resource;
      upstreamRef = { ...ref, uri: resource.uri };
    }
    const session = await this.#session(route.target);
    if (!session.client.getServerCapabilities()?.completions) return { completion: { values: [], hasMore: false } };
    const result = await this.#forward(
      route.target,
      undefined,
      (client) => client.complete({ ...params, ref: upstreamRef } as CompleteRequest['params'], this.#options(signal)),
      signal,
    );
    return { ...result, completion: maskValue(result.completion, this.#shape(route.target)) };
  }

  /** `resources/subscribe`: subscribes at the upstream; its `resources/updated` come back under the gateway URI. */
  async subscribe(uri: string): Promise<void> {
    const route = await this.#routeResource(uri);
    const session = await this.#session(route.target);
    if (!session.client.getServerCapabilities()?.resources?.subscribe) {
      throw new McpError(
        ErrorCode.MethodNotFound,
        `The server of '${route.target.connection.label}' does not offer resource subscriptions: read '${uri}' again to see changes.`,
      );
    }
    await this.#forward(route.target, undefined, (client) =>
      client.subscribeResource({ uri: route.uri }, { timeout: this.#deps.config.callTimeoutMs }),
    );
    this.notifications.subscribed(route.target.connection.id, route.uri, uri);
  }

  /** `resources/unsubscribe`. */
  async unsubscribe(uri: string): Promise<void> {
    const route = await this.#routeResource(uri);
    this.notifications.unsubscribed(route.target.connection.id, route.uri);
    const session = await this.#session(route.target);
    if (!session.client.getServerCapabilities()?.resources?.subscribe) return;
    await this.#forward(route.target, undefined, (client) =>
      client.unsubscribeResource({ uri: route.uri }, { timeout: this.#deps.config.callTimeoutMs }),
    );
  }
}
