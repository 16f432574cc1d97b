import { type AuditRecord } from '../audit/audit-record.js';
import { readActivity } from '../audit/read-activity.js';
import type { ActivityEntry, RequestOf, ResponseOf } from '../contract.js';
import { redactSecrets } from '../secrets/redact.js';
import { activityCsv, activityJson } from './activity-export.js';
import { outcomeWords, reasonWords } from './activity-words.js';
import type { AppDeps } from './deps.js';

/** One audit record as the Activity screen shows it (the log holds no secrets or argument values; redacted again anyway). */
export function toActivityEntry(record: AuditRecord): ActivityEntry {
  if (record.policyChange) {
    return {
      at: record.time,
      connection: record.connectionLabel,
      tool: 'Rules changed',
      access: 'write',
      outcome: 'allowed',
      outcomeLabel: 'Changed',
      detail: redactSecrets(
        `${record.policyChange.changes.join(', ')} · by ${record.policyChange.by === 'app' ? 'you in the app' : 'the command line'}`,
      ),
      durationMs: 0,
    };
  }
  const reason = record.reason ? reasonWords(record.reason) : undefined;
  const detail = [
    reason,
    record.status !== undefined && record.outcome !== 'allowed' ? `HTTP ${record.status}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    at: record.time,
    connection: record.connectionLabel,
    tool: record.upstreamTool,
    access: record.access,
    outcome: record.outcome,
    outcomeLabel: outcomeWords(record.outcome),
    ...(detail ? { detail: redactSecrets(detail) } : {}),
    ...(record.client ? { client: redactSecrets(record.client) } : {}),
    durationMs: record.durationMs,
  };
}

type ActivityFilterRequest = Omit<RequestOf<'listActivity'>, 'limit'> & { limit?: number | undefined };

/** Matching audit records, newest first, at most `limit`, as the screen shows them. */
function activityEntries(home: string, request: ActivityFilterRequest, limit: number): ActivityEntry[] {
  const records = readActivity(home, {
    ...(request.connection ? { connection: request.connection } : {}),
    ...(request.outcome ? { outcome: request.outcome } : {}),
    limit: request.tool ? Math.max(5000, limit) : limit,
  });
  const tool = request.tool?.toLowerCase();
  return records
    .filter((r) => !tool || r.tool.toLowerCase().includes(tool) || r.upstreamTool.toLowerCase().includes(tool))
    .map(toActivityEntry)
    .reverse()
    .slice(0, limit);
}

/** Activity screen: the gateways' audit log, newest first, filtered by connection, tool and outcome; and its export. */
export function activityHandlers(deps: AppDeps) {
  return {
    async listActivity(request: RequestOf<'listActivity'>): Promise<ResponseOf<'listActivity'>> {
      return { entries: activityEntries(deps.core.home, request, request.limit ?? 200) };
    },
    async exportActivity(request: RequestOf<'exportActivity'>): Promise<ResponseOf<'exportActivity'>> {
      const { format, ...filter } = request;
      const entries = activityEntries(deps.core.home, filter, request.limit ?? 5000);
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      return format === 'csv'
        ? {
            fileName: `bridgekeeper-activity-${stamp}.csv`,
            mimeType: 'text/csv',
            content: activityCsv(entries),
            count: entries.length,
          }
        : {
            fileName: `bridgekeeper-activity-${stamp}.json`,
            mimeType: 'application/json',
            content: activityJson(entries),
            count: entries.length,
          };
    },
  };
}
