import { z } from 'zod';
import {
  ActivityEntrySchema,
  AssistantIdSchema,
  ConnectionSummarySchema,
  ErrorPayloadSchema,
  InstallResultSchema,
  PoliciesViewSchema,
  RegionSchema,
  ServiceIdSchema,
  ServiceInfoSchema,
  TokenInspectionSchema,
  ToolRowSchema,
  WhoamiViewSchema,
} from './contract/views.js';
import { AssistantToolSetSchema, SetAssistantToolSetRequestSchema } from './contract/assistant-tool-set.js';

export * from './contract/views.js';
export * from './contract/assistant-tool-set.js';

/**
 * The one typed API between the renderer and the core (GitHub Desktop's `ipc-shared.ts` idea): every operation
 * has a channel name, a request schema and a response schema. Electron's `ipc.ts` registers exactly one
 * `ipcMain.handle` per entry, the preload exposes exactly these names (checked with `satisfies`), and the UI
 * test harness serves the same entries over HTTP. Only JSON-safe, secret-free data crosses it, with one
 * exception: a token the person types travels renderer → core once, in `addConnection`/`updateConnection`/`inspectToken`/
 * `whoamiForToken` requests. Responses never carry a secret.
 */

const Id = z.object({ id: z.string().min(1).max(64) });
const Empty = z.object({}).strict();
/** A pasted secret: bounded, so a huge paste cannot wedge the core. */
const Secret = z.string().min(1).max(8192);

/** Service-specific facts the wizard and the token inspector collect. */
const ConnectionTarget = z.object({
  service: ServiceIdSchema,
  region: RegionSchema.optional(),
  handle: z.string().max(63).optional(),
  tenantId: z.string().max(64).optional(),
  url: z.string().max(2048).optional(),
});

export const operations = {
  getAppInfo: {
    channel: 'app:get-info',
    request: Empty,
    response: z.object({
      version: z.string(),
      platform: z.string(),
      /** How assistants start the gateway from this installed app (no secrets: env holds only flags). */
      gatewayCommand: z.object({
        command: z.string(),
        args: z.array(z.string()),
        env: z.record(z.string(), z.string()),
      }),
      dataFolder: z.string(),
      notices: z.array(z.string()),
    }),
  },
  getPreferences: {
    channel: 'prefs:get',
    request: Empty,
    response: z.object({ theme: z.enum(['system', 'light', 'dark']), firstRun: z.boolean() }),
  },
  setPreferences: {
    channel: 'prefs:set',
    request: z
      .object({ theme: z.enum(['system', 'light', 'dark']).optional(), firstRun: z.boolean().optional() })
      .strict(),
    response: z.object({ theme: z.enum(['system', 'light', 'dark']), firstRun: z.boolean() }),
  },
  listServices: {
    channel: 'services:list',
    request: Empty,
    response: z.object({ services: z.array(ServiceInfoSchema) }),
  },
  listConnections: {
    channel: 'connections:list',
    request: Empty,
    response: z.object({ connections: z.array(ConnectionSummarySchema) }),
  },
  addConnection: {
    channel: 'connections:add',
    request: ConnectionTarget.extend({
      label: z.string().min(1).max(64),
      /** Omitted for OAuth (sign in next) and tenant-only Session Services. */
      token: Secret.optional(),
      authKind: z.enum(['token', 'oauth', 'tenant']),
      /** Remote MCP server with OAuth but no Dynamic Client Registration: a client registered there by the person. */
      oauthClientId: z.string().min(1).max(255).optional(),
      /** That client's secret (confidential clients); stored only in the keychain. */
      oauthClientSecret: Secret.optional(),
      declaredScopes: z.array(z.string().max(64)).max(64).optional(),
      /** Save even if the token does not look like this service's (the person confirmed). */
      force: z.boolean().optional(),
      /** Remote MCP: the header that carries the token (default Authorization: Bearer). */
      headerName: z.string().max(64).optional(),
    }).strict(),
    response: z.object({ connection: ConnectionSummarySchema, whoami: WhoamiViewSchema.optional() }),
  },
  checkConnection: {
    channel: 'connections:check',
    request: Id.strict(),
    response: z.object({ connection: ConnectionSummarySchema, whoami: WhoamiViewSchema }),
  },
  signIn: {
    channel: 'connections:sign-in',
    request: Id.strict(),
    response: z.object({ connection: ConnectionSummarySchema }),
  },
  cancelSignIn: {
    channel: 'connections:cancel-sign-in',
    request: Id.strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  updateConnection: {
    channel: 'connections:update',
    /** Only what changes. A new token is checked live before it replaces the stored one. */
    request: Id.extend({
      label: z.string().min(1).max(64).optional(),
      token: Secret.optional(),
      region: RegionSchema.optional(),
      handle: z.string().max(2048).optional(),
      tenantId: z.string().max(64).optional(),
      url: z.string().max(2048).optional(),
      headerName: z.string().max(64).optional(),
      /** Save a token even if it does not look like this service's (the person confirmed). */
      force: z.boolean().optional(),
    }).strict(),
    response: z.object({
      connection: ConnectionSummarySchema,
      whoami: WhoamiViewSchema.optional(),
      changed: z.array(z.string()),
      /** Refusals learned with the old token or at the old place, forgotten by this change (any but a rename). */
      forgottenRefusals: z.array(z.object({ scope: z.string(), tool: z.string() })).optional(),
    }),
  },
  /**
   * "Try these tools again": forgets the scopes the service refused before, so assistants are offered those tools and
   * their calls reach the service again (for when the person has since granted the scope to the same token). Not a
   * rule: the service still enforces its own scopes, and a new refusal is learned again.
   */
  forgetRefusals: {
    channel: 'connections:forget-refusals',
    request: Id.strict(),
    response: z.object({
      connection: ConnectionSummarySchema,
      forgotten: z.array(z.object({ scope: z.string(), tool: z.string() })),
    }),
  },
  removeConnection: {
    channel: 'connections:remove',
    request: Id.strict(),
    response: z.object({ id: z.string(), label: z.string(), revoked: z.boolean(), warning: z.string().optional() }),
  },
  toolMatrix: {
    channel: 'tools:matrix',
    request: Id.strict(),
    response: z.object({
      connection: ConnectionSummarySchema,
      tools: z.array(ToolRowSchema),
      note: z.string().optional(),
    }),
  },
  setPolicy: {
    channel: 'policy:set',
    request: Id.extend({
      patch: z
        .object({
          readOnly: z.boolean().optional(),
          confirmWrites: z.boolean().optional(),
          redactPii: z.boolean().optional(),
          showUnusableTools: z.boolean().optional(),
          disabledTools: z.array(z.string().max(128)).max(512).optional(),
        })
        .strict(),
    }).strict(),
    response: z.object({ policies: PoliciesViewSchema }),
  },
  inspectToken: {
    channel: 'token:inspect',
    request: z.object({ token: Secret }).strict(),
    response: TokenInspectionSchema,
  },
  whoamiForToken: {
    channel: 'token:whoami',
    request: ConnectionTarget.extend({ token: Secret.optional() }).strict(),
    response: WhoamiViewSchema,
  },
  listActivity: {
    channel: 'activity:list',
    request: z
      .object({
        connection: z.string().max(64).optional(),
        tool: z.string().max(128).optional(),
        outcome: z.enum(['allowed', 'refused', 'error']).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    response: z.object({ entries: z.array(ActivityEntrySchema) }),
  },
  exportActivity: {
    channel: 'activity:export',
    /** The same filters as `listActivity`; the file's text is built by the core with secrets redacted. */
    request: z
      .object({
        format: z.enum(['json', 'csv']),
        connection: z.string().max(64).optional(),
        tool: z.string().max(128).optional(),
        outcome: z.enum(['allowed', 'refused', 'error']).optional(),
        limit: z.number().int().min(1).max(10000).optional(),
      })
      .strict(),
    response: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), count: z.number().int() }),
  },
  installAssistant: {
    channel: 'assistants:install',
    request: z.object({ assistant: AssistantIdSchema }).strict(),
    response: InstallResultSchema,
  },
  assistantSnippet: {
    channel: 'assistants:snippet',
    request: z.object({ assistant: AssistantIdSchema }).strict(),
    response: z.object({ assistant: AssistantIdSchema, path: z.string(), snippet: z.string() }),
  },
  listAssistants: {
    channel: 'assistants:list',
    request: Empty,
    /** Read from each assistant's own config file: is Bridgekeeper in it, and with which command. */
    response: z.object({
      assistants: z.array(
        z.object({
          assistant: AssistantIdSchema,
          displayName: z.string(),
          path: z.string(),
          configured: z.boolean(),
          command: z.string().optional(),
          problem: z.string().optional(),
          /** Where the entry applies (Claude Code: every project, or only some projects). */
          where: z.string().optional(),
        }),
      ),
    }),
  },
  uninstallAssistant: {
    channel: 'assistants:uninstall',
    request: z.object({ assistant: AssistantIdSchema }).strict(),
    response: z.object({
      assistant: AssistantIdSchema,
      path: z.string(),
      changed: z.boolean(),
      backupPath: z.string().optional(),
      /** As for installAssistant: file edited, the assistant's CLI run, or a command to run. */
      route: z.enum(['file', 'cli', 'command']).optional(),
      command: z.string().optional(),
    }),
  },
  /** Which connections an assistant sees and whether its gateway lists every tool or the compact pair. */
  getAssistantToolSet: {
    channel: 'assistants:tool-set',
    request: z.object({ assistant: AssistantIdSchema }).strict(),
    response: AssistantToolSetSchema,
  },
  setAssistantToolSet: {
    channel: 'assistants:set-tool-set',
    request: SetAssistantToolSetRequestSchema,
    response: AssistantToolSetSchema,
  },
  openExternal: {
    channel: 'shell:open-external',
    request: z.object({ url: z.string().max(2048) }).strict(),
    response: z.object({ opened: z.boolean() }),
  },
} as const satisfies Record<string, { channel: string; request: z.ZodType; response: z.ZodType }>;

/** Every operation name. */
export type OperationName = keyof typeof operations;
/** Names in a stable order (used by the preload test and the harness). */
export const OPERATION_NAMES = Object.keys(operations) as OperationName[];
/** The IPC channel of an operation, as a literal type. */
export type ChannelOf<K extends OperationName> = (typeof operations)[K]['channel'];
export type RequestOf<K extends OperationName> = z.input<(typeof operations)[K]['request']>;
export type ResponseOf<K extends OperationName> = z.output<(typeof operations)[K]['response']>;

/** What every call resolves to: a value, or a typed error a person can act on. Calls never reject for app errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof ErrorPayloadSchema> };

/** The envelope schema for one operation's response (the renderer re-validates what it receives). */
export function resultSchema<K extends OperationName>(name: K) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: operations[name].response }),
    z.object({ ok: z.literal(false), error: ErrorPayloadSchema }),
  ]);
}

/** `window.bridgekeeper`: one async function per operation. Built by the preload (IPC) or the UI test harness (HTTP). */
export type BridgekeeperApi = { [K in OperationName]: (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>> };

/** Channel names keyed by operation: what the preload needs at runtime (it cannot load zod in the sandbox). */
export type ChannelMap = { [K in OperationName]: ChannelOf<K> };

/** The channel map built from the contract. */
export function channelMap(): ChannelMap {
  return Object.fromEntries(OPERATION_NAMES.map((name) => [name, operations[name].channel])) as ChannelMap;
}
