import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type CallToolResult, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditRecord } from '../audit/audit-record.js';
import type { Connection } from '../connections/model.js';
import { describeError, UpstreamError } from '../errors.js';
import type { HttpClient } from '../net/http-client.js';
import { loadedProvider, loadProvider } from '../providers/load-provider.js';
import { redactSecrets } from '../secrets/redact.js';
import { grantedScopesOf } from '../providers/granted-scopes.js';
import { scopeCheck } from '../providers/scope-check.js';
import { toUpstreamError } from '../upstream-mcp/upstream-client.js';
import type { Provider } from '../providers/types.js';
import type { CachingSecretStore } from './caching-secret-store.js';
import { confirmWrite } from './confirm-write.js';
import { credentialAccount } from '../catalog/connection-credential.js';
import type { GatewayConfig } from './gateway-config.js';
import { type GatewayTool, withLearnedRequirements } from '../catalog/gateway-tool.js';
import { redactPiiText } from './pii-redaction.js';
import { toolVisibility } from '../catalog/policy.js';
import { apiResult, errorResult, upstreamResult } from './result-shaping.js';
import { keepOutputSchemaPromise } from './relay/output-schema.js';
import { type CallContext, callUpstreamTool } from './relay/upstream-call.js';
import { namespaceToolResultUris } from './surface/surface-shaping.js';
import { analyzeFailure } from './upstream-failure.js';
import { missingScopes, stillRefusedError } from '../auth/oauth/scope-advice.js';
import { recheckUnavailable } from './recheck-unavailable.js';
import type { ConnectionBookkeeping } from './connection-bookkeeping.js';
import type { UpstreamPool } from '../catalog/upstream-pool.js';

/** Failures after which an upstream session is not worth keeping: the next call opens a new one. */
const DROPS_SESSION = new Set<UpstreamError['kind']>(['network', 'timeout', 'bad_response', 'session_expired']);

/** The client cancelled the call (its request's signal aborted). */
class CancelledCall extends Error {}

/** An upstream's URL-elicitation-required error, its elicitation messages saying which account asks. */
function labelledUrlElicitation(error: McpError, account: string): McpError {
  const data = error.data as { elicitations?: Array<Record<string, unknown>> } | undefined;
  const elicitations = Array.isArray(data?.elicitations)
    ? data.elicitations.map((e) =>
        typeof e.message === 'string' ? { ...e, message: `${account} asks: ${e.message}` } : e,
      )
    : undefined;
  return new McpError(
    error.code,
    error.message.replace(/^MCP error -?\d+: /, ''),
    elicitations ? { ...data, elicitations } : error.data,
  );
}

/** Everything a tool call needs from the running gateway. */
export interface CallDeps {
  server: Server;
  secrets: CachingSecretStore;
  http: HttpClient;
  pool: UpstreamPool;
  audit: AuditLog;
  bookkeeping: ConnectionBookkeeping;
  config: GatewayConfig;
  knownSecrets: Set<string>;
  /** The secret to send for an API connection (cached token, or a fresh OAuth access token). */
  credential(connection: Connection): Promise<string | null>;
  /**
   * Signs an OAuth connection in again for its scopes plus `required` (step-up authorization), or throws the error
   * that tells the person how to (no browser here, denied, timed out).
   */
  stepUp?(connection: Connection, required: readonly string[], toolName: string, signal: AbortSignal): Promise<void>;
  /** Rebuilds the tool list (and announces it if it changed). */
  rebuildCatalog?(): void;
}

/** What one call came to: its result and what the audit log records. */
export type Outcome = {
  result: CallToolResult;
  outcome: AuditRecord['outcome'];
  reason?: string;
  status?: number;
  /** A protocol error the assistant's client must see as such (an upstream's URL-elicitation-required error). */
  protocolError?: McpError;
};

/**
 * Handles one `tools/call`: policy, scope check, confirmation, forwarding (with the client's `_meta`, progress and
 * cancellation, see `relay/upstream-call.ts`), result shaping, audit. Throws only an upstream's
 * URL-elicitation-required error (-32042), which the client handles by opening the URL and calling again.
 */
export async function callGatewayTool(
  deps: CallDeps,
  tool: GatewayTool,
  rawArgs: unknown,
  signal: AbortSignal,
  connections: { connection(id: string): Connection | undefined },
  context: CallContext = {},
): Promise<CallToolResult> {
  const started = performance.now();
  const args =
    rawArgs && typeof rawArgs === 'object' && !Array.isArray(rawArgs) ? (rawArgs as Record<string, unknown>) : {};
  const connection = connections.connection(tool.connectionId);
  if (!connection || !connection.enabled) {
    return errorResult(
      `${tool.name} is no longer available: its connection was removed or disabled. Ask for the tool list again.`,
    );
  }
  let outcome: Outcome;
  let provider: Provider | undefined;
  try {
    // Loaded once (the catalog needed it to list the tool); `loadProvider` alone is a dynamic import on every call.
    provider = loadedProvider(connection.provider) ?? (await loadProvider(connection.provider));
    outcome = await decideAndRun(deps, tool, connection, provider, args, signal, context);
  } catch (error) {
    outcome = {
      result: errorResult(`${tool.name} failed. ${describeError(error)}`, deps.knownSecrets),
      outcome: 'error',
      reason: 'internal_error',
    };
  }
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  const clientName = deps.server.getClientVersion()?.name;
  // Queued, not awaited: the audit write never delays the answer (records stay in order).
  void deps.audit.append({
    time: new Date().toISOString(),
    connectionId: connection.id,
    connectionLabel: connection.label,
    provider: connection.provider,
    tool: tool.name,
    upstreamTool: tool.definition.name,
    access: tool.definition.access,
    outcome: outcome.outcome,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    durationMs,
    ...(clientName ? { client: clientName } : {}),
    argumentNames: Object.keys(args).sort(),
  });
  if (outcome.protocolError) throw outcome.protocolError;
  return outcome.result;
}

async function decideAndRun(
  deps: CallDeps,
  tool: GatewayTool,
  connection: Connection,
  provider: Provider,
  args: Record<string, unknown>,
  signal: AbortSignal,
  context: CallContext,
): Promise<Outcome> {
  if (tool.source === 'unavailable') return recheckUnavailable(deps, connection, provider, signal);
  const d = tool.definition;
  const visibility = toolVisibility(d, connection);
  // A tool hidden because the token cannot use it gets the scope check's own refusal below (it names the scope).
  if (!visibility.visible && visibility.hiddenBecause !== 'missing_scope') {
    const why =
      visibility.hiddenBecause === 'read_only'
        ? `'${connection.label}' is read-only in Bridgekeeper`
        : `${d.name} is disabled for '${connection.label}'`;
    return {
      outcome: 'refused',
      reason: `policy_${visibility.hiddenBecause}`,
      result: errorResult(
        `${tool.name} was not run: ${why}. This is the person's rule: only they can change it, in the Bridgekeeper app. Tell them what you wanted to do and ask them.`,
      ),
    };
  }
  // Refuses only on the service's word (reported scopes, a learned refusal); declared scopes merely predict.
  const granted = grantedScopesOf(provider, connection);
  const check = scopeCheck(withLearnedRequirements(d, connection.learnedGaps), args, granted);
  // One step-up per call at most (whichever path asks for it), and one resend after it.
  let steppedUp = false;
  if (check.status === 'missing' && tool.source === 'mcp' && connection.authKind === 'oauth' && deps.stepUp) {
    const lacking = missingScopes(connection.serverScopes ?? [], check.missing);
    if (lacking.length === 0) {
      // Refused before although the sign-in holds the scope: signing in again would be refused the same way.
      const error = stillRefusedError(connection, check.missing, tool.name, false);
      return {
        outcome: 'refused',
        reason: 'missing_scope',
        result: errorResult(`${tool.name} was not run: ${describeError(error)}`),
      };
    }
    // A sign-in that lacks a scope (refused before): ask for it now, once, instead of refusing until someone does.
    const stepped = await deps.stepUp(connection, lacking, tool.name, signal).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (stepped !== undefined) {
      const text = `${tool.name} was not run: ${describeError(stepped)}`;
      return { outcome: 'refused', reason: 'missing_scope', result: errorResult(text) };
    }
    steppedUp = true;
    await deps.pool.drop(connection.id); // the next session sends the new grant's token
  } else if (check.status === 'missing') {
    const hints = check.missing.map((s) => `${s}: ${provider.grantHint(s)}`).join('; ');
    // A learned refusal stays until the person clears it ("Try these tools again" in the app): ask them, no command.
    const text = check.learned
      ? `${tool.name} was not run: ${provider.displayName} token '${connection.label}' lacks ${check.missing.join(', ')} (the service refused it before). Tell the person what you wanted to do and ask them to grant it: ${hints} Once it is granted, only they can let you try again, with "Try these tools again" for '${connection.label}' in the Bridgekeeper app. Until then, use a tool that needs only the granted scopes.`
      : `${tool.name} was not run: ${provider.displayName} token '${connection.label}' lacks ${check.missing.join(', ')}. Grant it — ${hints} — then try again, or use a tool that needs only the granted scopes.`;
    return { outcome: 'refused', reason: 'missing_scope', result: errorResult(text) };
  }
  if (d.access === 'write' && connection.policies.confirmWrites) {
    const confirmed = await confirmWrite(deps.server, {
      toolName: tool.name,
      toolTitle: d.title,
      connection,
      argumentNames: Object.keys(args),
      timeoutMs: 5 * 60_000,
    });
    if (!confirmed.confirmed)
      return { outcome: 'refused', reason: confirmed.reason, result: errorResult(confirmed.text) };
  }
  const shape = {
    redactPii: connection.policies.redactPii,
    maxBytes: deps.config.maxResultBytes,
    maxMediaBytes: deps.config.maxMediaBytes,
    knownSecrets: deps.knownSecrets,
  };
  try {
    if (tool.source === 'mcp') {
      const serviceName = `${provider.displayName} '${connection.label}'`;
      const mask = (text: string) =>
        redactSecrets(connection.policies.redactPii ? redactPiiText(text) : text, deps.knownSecrets);
      /** The scopes an `insufficient_scope` refusal names (possibly none), or undefined for any other failure. */
      const scopeRefusal = (error: unknown): string[] | undefined => {
        const mapped = toUpstreamError(error, serviceName, deps.config.callTimeoutMs);
        return mapped.kind === 'missing_scope' ? (mapped.missingScopes ?? []) : undefined;
      };
      const stillRefused = (named: string[]) => {
        const lacking = missingScopes(connection.serverScopes ?? [], named);
        return stillRefusedError(connection, lacking.length > 0 ? lacking : named, tool.name, true);
      };
      const send = async (): Promise<CallToolResult> => {
        const session = await deps.pool.session(connection, provider);
        return callUpstreamTool(session.client, tool.upstream ?? { name: d.name }, args, {
          context,
          signal,
          timeoutMs: deps.config.callTimeoutMs,
          mask,
          serviceName,
        });
      };
      const result = await send()
        .catch(async (error: unknown) => {
          // The upstream forgot our session (it restarted) before handling the call: send it once more on a new one.
          if (
            signal.aborted ||
            toUpstreamError(error, serviceName, deps.config.callTimeoutMs).kind !== 'session_expired'
          )
            throw error;
          await deps.pool.drop(connection.id);
          return send();
        })
        .catch(async (error: unknown) => {
          // Step-up: a signed-in call refused for a scope the sign-in did not include is authorized again for it,
          // then sent once more. Only once per call, counting a step-up before the call: a refusal after it is
          // reported, never another sign-in.
          if (signal.aborted || !deps.stepUp || connection.authKind !== 'oauth') throw error;
          const refusal = scopeRefusal(error);
          if (!refusal) throw error;
          if (steppedUp) throw stillRefused(refusal);
          // The sign-in already holds every scope the server names: another one would be refused the same way.
          if (refusal.length > 0 && missingScopes(connection.serverScopes ?? [], refusal).length === 0)
            throw stillRefusedError(connection, refusal, tool.name, false);
          steppedUp = true;
          await deps.stepUp(connection, refusal, tool.name, signal);
          await deps.pool.drop(connection.id);
          return send().catch((again: unknown) => {
            const still = signal.aborted ? undefined : scopeRefusal(again);
            throw still ? stillRefused(still) : again;
          });
        })
        .catch((error: unknown) => {
          // Cancelled by the client: the SDK told the upstream (notifications/cancelled); the session stays good.
          if (signal.aborted) throw new CancelledCall();
          if (error instanceof McpError && error.code === ErrorCode.UrlElicitationRequired) throw error;
          const mapped = toUpstreamError(error, serviceName, deps.config.callTimeoutMs);
          if (DROPS_SESSION.has(mapped.kind)) void deps.pool.drop(connection.id);
          throw mapped;
        });
      deps.bookkeeping.succeeded(connection);
      const shaped = namespaceToolResultUris(
        keepOutputSchemaPromise(
          upstreamResult(result, shape),
          result,
          tool.upstream?.outputSchema,
          deps.config.maxResultBytes,
        ),
        tool.name,
      );
      return shaped.isError
        ? { outcome: 'error', reason: 'upstream_tool_error', status: 200, result: shaped }
        : { outcome: 'allowed', status: 200, result: shaped };
    }
    const secret = await deps.credential(connection);
    if (secret) deps.knownSecrets.add(secret);
    const output = await provider.callTool({ connection, secret, http: deps.http, signal }, d.name, args);
    deps.bookkeeping.succeeded(connection);
    return {
      outcome: 'allowed',
      ...(output.status !== undefined ? { status: output.status } : {}),
      result: apiResult(output.data, shape),
    };
  } catch (error) {
    if (error instanceof CancelledCall)
      return {
        outcome: 'error',
        reason: 'cancelled',
        result: errorResult(`${tool.name} was cancelled by the client.`),
      };
    if (error instanceof McpError && error.code === ErrorCode.UrlElicitationRequired) {
      // The upstream needs the person to open a URL first: the client handles this protocol error (then calls again).
      return {
        outcome: 'refused',
        reason: 'url_elicitation_required',
        result: errorResult(error.message),
        protocolError: labelledUrlElicitation(error, `${provider.displayName} '${connection.label}'`),
      };
    }
    const failure = analyzeFailure(error, {
      toolName: tool.name,
      connection,
      provider,
      check,
      effective: granted.effective,
    });
    if (failure.learnedScopes.length > 0) await deps.bookkeeping.learned(connection, d.name, failure.learnedScopes);
    if (failure.credentialState) {
      const account = credentialAccount(connection);
      if (account) deps.secrets.forget(account);
      // Stored in connections.json: never with a secret the server echoed back.
      await deps.bookkeeping.credentialProblem(
        connection,
        failure.credentialState,
        redactSecrets(error instanceof UpstreamError ? error.message : failure.text, deps.knownSecrets),
      );
    }
    // Error text can quote the upstream's answer: with redact-pii on, it is masked like results are.
    const text = connection.policies.redactPii ? redactPiiText(failure.text) : failure.text;
    return {
      outcome: 'error',
      reason: failure.reason,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      result: errorResult(text, deps.knownSecrets),
    };
  }
}
