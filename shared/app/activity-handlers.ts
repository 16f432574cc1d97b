import fs from 'node:fs';
import { type ActivityEntry, ActivityEntrySchema, type RequestOf, type ResponseOf } from '../contract.js';
import { homePaths } from '../paths.js';
import { redactSecrets } from '../secrets/redact.js';
import type { AppDeps } from './deps.js';
import { optionalModule } from './optional-module.js';

type Filter = RequestOf<'listActivity'>;
type AuditModule = { readActivity(home: string, filter: Record<string, unknown>): Promise<unknown[]> | unknown[] };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** One audit record (whatever extra fields it has) as the Activity screen shows it, secrets redacted again. */
export function toActivityEntry(raw: Record<string, unknown>): ActivityEntry | undefined {
  const at = str(raw.at) ?? str(raw.time) ?? str(raw.ts) ?? str(raw.timestamp);
  if (!at) return undefined;
  const outcome = str(raw.outcome) ?? str(raw.result) ?? str(raw.status) ?? (raw.ok === true ? 'ok' : raw.ok === false ? 'error' : 'info');
  const detail = str(raw.detail) ?? str(raw.error) ?? str(raw.message) ?? str(raw.reason);
  const entry = {
    at,
    connection: str(raw.connectionLabel) ?? str(raw.connection) ?? str(raw.label),
    tool: str(raw.tool) ?? str(raw.name),
    outcome,
    ...(detail ? { detail: redactSecrets(detail) } : {}),
    ...(typeof raw.durationMs === 'number' ? { durationMs: raw.durationMs } : {}),
  };
  const parsed = ActivityEntrySchema.safeParse(entry);
  return parsed.success ? parsed.data : undefined;
}

function matches(entry: ActivityEntry, filter: Filter): boolean {
  const has = (value: string | undefined, wanted: string | undefined) => !wanted || (value ?? '').toLowerCase().includes(wanted.toLowerCase());
  return has(entry.connection, filter.connection) && has(entry.tool, filter.tool) && has(entry.outcome, filter.outcome);
}

async function readRecords(home: string, filter: Filter): Promise<unknown[]> {
  const audit = (await optionalModule<AuditModule>('../audit/read-activity.js')) ?? (await optionalModule<AuditModule>('../audit/index.js'));
  if (audit?.readActivity) return audit.readActivity(home, { ...filter });
  const file = homePaths(home).audit;
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return [];
      }
    });
}

/** Activity screen: the gateway's audit log, newest first, filtered. */
export function activityHandlers(deps: AppDeps) {
  return {
    async listActivity(request: Filter): Promise<ResponseOf<'listActivity'>> {
      const records = await readRecords(deps.core.home, request);
      const entries = records
        .map((r) => toActivityEntry((r ?? {}) as Record<string, unknown>))
        .filter((e): e is ActivityEntry => e !== undefined && matches(e, request))
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, request.limit ?? 200);
      return { entries };
    },
  };
}
