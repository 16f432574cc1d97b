import type { Connection } from './model.js';

/**
 * Fields routine bookkeeping writes (health, last use, scopes a service refused); changing only these is not a
 * configuration change: `updatedAt` stays, and running gateways update their view of the connection without
 * rebuilding their catalogs.
 */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set(['status', 'lastUsedAt', 'learnedGaps']);

/**
 * A stable text of everything in `connection` but its bookkeeping fields and `updatedAt` (the time moves with the
 * fields themselves): two connections with equal keys are configured the same.
 */
export function configurationKey(connection: Connection): string {
  const entries = Object.entries(connection)
    .filter(([key]) => !BOOKKEEPING_FIELDS.has(key) && key !== 'updatedAt')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}
