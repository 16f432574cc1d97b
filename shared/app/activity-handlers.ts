import { type AuditRecord } from '../audit/audit-record.js';
import { readActivity } from '../audit/read-activity.js';
import type { ActivityEntry, RequestOf, ResponseOf } from '../contract.js';
import { redactSecrets } from '../secrets/redact.js';
import type { AppDeps } from './deps.js';

const REASONS: Record<string, string> = {
  missing_scope: 'The token lacks a scope this tool needs.',
  read_only: 'Read-only mode is on.',
  disabled: 'You turned this tool off.',
};

/** One audit record as the Activity screen shows it (the log holds no secrets or argument values; redacted again anyway). */
export function toActivityEntry(record: AuditRecord): ActivityEntry {
  if (record.policyChange) {
    return {
      at: record.time,
      connection: record.connectionLabel,
      tool: 'Rules changed',
      access: 'write',
      outcome: 'allowed',
      detail: redactSecrets(
        `${record.policyChange.changes.join(', ')} · by ${record.policyChange.by === 'app' ? 'you in the app' : 'the command line'}`,
      ),
      durationMs: 0,
    };
  }
  const reason = record.reason ? (REASONS[record.reason] ?? record.reason) : undefined;
  const detail = [
    reason,
    record.status !== undefined ? `HTTP ${record.status}` : undefined,
    record.client ? `by ${record.client}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    at: record.time,
    connection: record.connectionLabel,
    tool: record.upstreamTool,
    access: record.access,
    outcome: record.outcome,
    ...(detail ? { detail: redactSecrets(detail) } : {}),
    durationMs: record.durationMs,
  };
}

/** Activity screen: the gateways' audit log, newest first, filtered by connection, tool and outcome. */
export function activityHandlers(deps: AppDeps) {
  return {
    async listActivity(request: RequestOf<'listActivity'>): Promise<ResponseOf<'listActivity'>> {
      const limit = request.limit ?? 200;
      const records = readActivity(deps.core.home, {
        ...(request.connection ? { connection: request.connection } : {}),
        ...(request.outcome ? { outcome: request.outcome } : {}),
        limit: request.tool ? 5000 : limit,
      });
      const tool = request.tool?.toLowerCase();
      const entries = records
        .filter((r) => !tool || r.tool.toLowerCase().includes(tool) || r.upstreamTool.toLowerCase().includes(tool))
        .map(toActivityEntry)
        .reverse()
        .slice(0, limit);
      return { entries };
    },
  };
}
