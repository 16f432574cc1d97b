import { asSignInAdvice } from '../../auth/oauth/scope-advice.js';
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
import type { Connection } from '../../connections/model.js';
import type { ConnectionStore } from '../../connections/store.js';
import { describeError } from '../../errors.js';
import { toUpstreamError, type UpstreamSession } from '../../upstream-mcp/upstream-client.js';
import type { ConnectionBookkeeping } from '../connection-bookkeeping.js';
import type { GatewayConfig } from '../gateway-config.js';
import type { GatewayLog } from '../gateway-log.js';
import { redactPiiText } from '../pii-redaction.js';
import type { UpstreamPool } from '../../catalog/upstream-pool.js';
import { forwardedMeta, type SurfaceRequestContext } from './request-context.js';
import { namespacedResourceUri } from './resource-uris.js';
import { maskValue, shapePromptResult, shapeReadResult } from './surface-shaping.js';
import { SurfaceRoutes } from './surface-routes.js';
import {
  labelledDescription,
  labelledTitle,
  type SurfaceTarget,
  type SurfaceTargets,
  surfaceTargets,
} from './surface-targets.js';
import { type ListItems, type ListKind, UpstreamListCache } from './upstream-lists.js';
import { InstructionsRecorder } from './upstream-instructions.js';
import { UpstreamForwarder } from './upstream-forwarder.js';
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
  readonly #routes: SurfaceRoutes;
  readonly #forwarder: UpstreamForwarder;
  readonly #instructions: InstructionsRecorder;
  #unwatch: (() => void) | undefined;
  #connectionsSignature: string | undefined;
  /** The connections as the store watch last reported them (only while watching), and the targets made of them. */
  #watched: { connections: Connection[]; targets?: Promise<SurfaceTargets> } | undefined;

  constructor(deps: SurfaceDeps) {
    this.#deps = deps;
    this.#instructions = new InstructionsRecorder(deps.home, (error) =>
      deps.log.warn(`cannot cache the instructions of the upstream servers: ${describeError(error)}`),
    );
    const connections = this.#safeList();
    // Connections removed or disabled while no gateway ran lose their cached instructions now.
    this.#instructions.retain(new Set(connections.filter((c) => c.enabled).map((c) => c.id)));
    if (deps.watch) {
      this.#watched = { connections };
      this.#connectionsSignature = this.#signature(connections);
      this.#unwatch = deps.store.watch((connections) => this.#connectionsChanged(connections));
    }
    this.#routes = new SurfaceRoutes(
      () => this.#targets(),
      () => this.listPrompts(),
    );
    this.#forwarder = new UpstreamForwarder({ ...deps, session: (target) => this.#session(target) });
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
    this.#watched = { connections };
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
    const masked = text === undefined ? undefined : maskValue(text, this.#forwarder.shape(target));
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

  /** The targets of what the store holds now (read from disk: for the assistant's requests). */
  async #targets(): Promise<SurfaceTargets> {
    let connections: Connection[];
    try {
      connections = this.#deps.store.list();
    } catch (error) {
      this.#deps.log.warn(`cannot read the connection store: ${describeError(error)}`);
      connections = [];
    }
    return this.#targetsOf(connections);
  }

  async #targetsOf(connections: Connection[]): Promise<SurfaceTargets> {
    const all = await surfaceTargets(connections, (c, error) =>
      this.#deps.log.warn(`'${c.label}' cannot be served: ${describeError(error)}`),
    );
    // Prefixes stay computed over every connection (names match the tools'); an assistant's hidden ones serve nothing.
    const visible = this.#deps.visible;
    return visible ? { ...all, targets: all.targets.filter((t) => visible(t.connection.id)) } : all;
  }

  /**
   * One connection's target, for what its upstream session reports (instructions, notifications). From the watched
   * view when there is one: every upstream session opened at start-up asks, and reading and checking the whole store
   * file each time made a start with many connections quadratic (N = 50: 29 reads of 50 connections). A connection
   * the view does not hold yet (added a moment ago) is looked up on disk.
   */
  async #target(connectionId: string): Promise<SurfaceTarget | undefined> {
    const find = (all: SurfaceTargets) => all.targets.find((t) => t.connection.id === connectionId);
    const watched = this.#watched;
    if (watched && watched.connections.some((c) => c.id === connectionId)) {
      watched.targets ??= this.#targetsOf(watched.connections);
      return find(await watched.targets);
    }
    return find(await this.#targets());
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
      `${kind === 'templates' ? 'resource templates' : kind} of '${target.connection.label}' are unavailable: ${describeError(asSignInAdvice(toUpstreamError(error, serviceName, this.#deps.config.callTimeoutMs), target.connection, `its ${kind === 'templates' ? 'resource template' : kind.replace(/s$/, '')} list`))}`,
    );
  }

  /** `prompts/list`: every upstream's prompts, named `<prefix>__<name>`, titled and described with their account. */
  async listPrompts(): Promise<Prompt[]> {
    return this.#routes.namePrompts(await this.#collect('prompts'));
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

  /** `prompts/get`, routed by the public name; messages shaped by the connection's policies. */
  async getPrompt(
    name: string,
    args: Record<string, string> | undefined,
    context?: SurfaceRequestContext,
  ): Promise<GetPromptResult> {
    const route = await this.#routes.prompt(name);
    const audit = {
      kind: 'prompt' as const,
      tool: name,
      upstreamTool: route.name,
      argumentNames: Object.keys(args ?? {}).sort(),
    };
    const result = await this.#forwarder.forward(
      route.target,
      audit,
      (client, options) =>
        client.getPrompt(
          { name: route.name, ...(args ? { arguments: args } : {}), ...forwardedMeta(context?.meta) },
          options,
        ),
      context,
    );
    return shapePromptResult(result, route.target.prefix, this.#forwarder.shape(route.target));
  }

  /** `resources/read`, routed by the gateway URI; contents shaped by the connection's policies. */
  async readResource(uri: string, context?: SurfaceRequestContext): Promise<ReadResourceResult> {
    const route = await this.#routes.resource(uri);
    // The audit log never holds argument values: a URI's query is left out, emails and phone numbers in it masked.
    const recorded = (u: string) => redactPiiText(u.split('?')[0]!);
    const audit = {
      kind: 'resource' as const,
      tool: recorded(uri),
      upstreamTool: recorded(route.uri),
      argumentNames: [],
    };
    const result = await this.#forwarder.forward(
      route.target,
      audit,
      (client, options) => client.readResource({ uri: route.uri, ...forwardedMeta(context?.meta) }, options),
      context,
    );
    return shapeReadResult(result, route.target.prefix, this.#forwarder.shape(route.target));
  }

  /** `completion/complete` for a prompt argument or a resource template variable; empty when the upstream offers none. */
  async complete(params: CompleteRequest['params'], context?: SurfaceRequestContext): Promise<CompleteResult> {
    const ref = params.ref;
    let route: { target: SurfaceTarget };
    let upstreamRef: CompleteRequest['params']['ref'];
    if (ref.type === 'ref/prompt') {
      const prompt = await this.#routes.prompt(ref.name);
      route = prompt;
      upstreamRef = { ...ref, name: prompt.name };
    } else {
      const resource = await this.#routes.resource(ref.uri);
      route = resource;
      upstreamRef = { ...ref, uri: resource.uri };
    }
    const session = await this.#session(route.target);
    if (!session.client.getServerCapabilities()?.completions) return { completion: { values: [], hasMore: false } };
    const { _meta: _theirs, ...rest } = params;
    const upstreamParams = { ...rest, ref: upstreamRef, ...forwardedMeta(context?.meta) } as CompleteRequest['params'];
    const result = await this.#forwarder.forward(
      route.target,
      undefined,
      (client, options) => client.complete(upstreamParams, options),
      context,
    );
    return { ...result, completion: maskValue(result.completion, this.#forwarder.shape(route.target)) };
  }

  /** `resources/subscribe`: subscribes at the upstream; its `resources/updated` come back under the gateway URI. */
  async subscribe(uri: string): Promise<void> {
    const route = await this.#routes.resource(uri);
    const session = await this.#session(route.target);
    if (!session.client.getServerCapabilities()?.resources?.subscribe) {
      throw new McpError(
        ErrorCode.MethodNotFound,
        `The server of '${route.target.connection.label}' does not offer resource subscriptions: read '${uri}' again to see changes.`,
      );
    }
    await this.#forwarder.forward(route.target, undefined, (client, options) =>
      client.subscribeResource({ uri: route.uri }, options),
    );
    this.notifications.subscribed(route.target.connection.id, route.uri, uri);
  }

  /** `resources/unsubscribe`. */
  async unsubscribe(uri: string): Promise<void> {
    const route = await this.#routes.resource(uri);
    this.notifications.unsubscribed(route.target.connection.id, route.uri);
    const session = await this.#session(route.target);
    if (!session.client.getServerCapabilities()?.resources?.subscribe) return;
    await this.#forwarder.forward(route.target, undefined, (client, options) =>
      client.unsubscribeResource({ uri: route.uri }, options),
    );
  }
}
