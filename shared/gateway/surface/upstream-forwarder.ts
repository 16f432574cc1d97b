import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditRecord } from '../../audit/audit-record.js';
import type { UpstreamPool } from '../../catalog/upstream-pool.js';
import { toUpstreamError, type UpstreamSession } from '../../upstream-mcp/upstream-client.js';
import type { ConnectionBookkeeping } from '../connection-bookkeeping.js';
import type { GatewayConfig } from '../gateway-config.js';
import type { ShapeOptions } from '../result-shaping.js';
import { credentialStateFor } from '../upstream-failure.js';
import { surfaceProgressRelay, type SurfaceRequestContext } from './request-context.js';
import { toProtocolError } from './surface-errors.js';
import { maskValue } from './surface-shaping.js';
import type { SurfaceTarget } from './surface-targets.js';

/** What an audited surface request records besides its outcome (a prompt get or a resource read). */
export type AuditedRequest = Pick<AuditRecord, 'kind' | 'tool' | 'upstreamTool' | 'argumentNames'>;

/** What the forwarder needs from the running gateway. */
export interface ForwarderDeps {
  server: Server;
  pool: UpstreamPool;
  audit: AuditLog;
  bookkeeping: ConnectionBookkeeping;
  config: GatewayConfig;
  knownSecrets: Set<string>;
  /** The upstream session of a target, observed so its notifications are relayed. */
  session(target: SurfaceTarget): Promise<UpstreamSession>;
}

/** Failures after which an upstream session is not worth keeping (as for tool calls). */
const DROPS_SESSION = new Set(['network', 'timeout', 'bad_response', 'session_expired']);

/**
 * Sends the surface's requests (prompt gets, resource reads, completions, subscriptions) to their upstream: once more
 * on a fresh session when the upstream forgot ours, failures mapped to clear MCP errors (the upstream's own error
 * answers keep their code), credential problems and successes booked on the connection, and one audit record for the
 * requests that are audited.
 */
export class UpstreamForwarder {
  readonly #deps: ForwarderDeps;

  constructor(deps: ForwarderDeps) {
    this.#deps = deps;
  }

  /** How contents of `target` are shaped for the assistant (its PII policy, the size bounds, known secrets). */
  shape(target: SurfaceTarget): ShapeOptions {
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
   * failure to a clear MCP error, and writes an audit record when `audit` says what to record. `run` gets the request
   * options: the call timeout, the assistant's cancellation (the SDK then tells the upstream) and, when the client
   * sent a progress token, the upstream's progress relayed under it (messages masked like contents).
   */
  async forward<T>(
    target: SurfaceTarget,
    audit: AuditedRequest | undefined,
    run: (client: Client, options: RequestOptions) => Promise<T>,
    context?: SurfaceRequestContext,
  ): Promise<T> {
    const { pool, config, bookkeeping, knownSecrets } = this.#deps;
    const { connection } = target;
    const serviceName = `${target.provider.displayName} '${connection.label}'`;
    const started = performance.now();
    const signal = context?.signal;
    const progress = surfaceProgressRelay(context, (text) => maskValue(text, this.shape(target)));
    const options: RequestOptions = {
      timeout: config.callTimeoutMs,
      ...(signal ? { signal } : {}),
      ...progress.options,
    };
    let outcome: Pick<AuditRecord, 'outcome' | 'reason' | 'status'> = { outcome: 'allowed', status: 200 };
    try {
      const send = async () => run((await this.#deps.session(target)).client, options);
      const result = await send().catch(async (error: unknown) => {
        if (toUpstreamError(error, serviceName, config.callTimeoutMs).kind !== 'session_expired') throw error;
        await pool.drop(connection.id);
        return send();
      });
      bookkeeping.succeeded(connection);
      await progress.settled();
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
    what: AuditedRequest,
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
}
