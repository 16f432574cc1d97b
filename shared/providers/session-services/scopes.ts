import type { ScopeInfo } from '../types.js';

/** Session Services permission scopes, described in the seed's own words. FULL implies every other scope. */
export const SESSION_SERVICES_SCOPES: ScopeInfo[] = [
  { id: 'EVENT', description: 'Create, edit, and manage events', access: 'write' },
  { id: 'ORDER', description: 'View and manage orders and refunds', access: 'write' },
  { id: 'FINANCE', description: 'Access financial reports and revenue data', access: 'read' },
  { id: 'SCANNING', description: 'Scan tickets at entry points', access: 'write' },
  { id: 'MARKETING', description: 'Create campaigns and send communications', access: 'write' },
  { id: 'BILLING', description: 'Manage billing settings and invoices', access: 'admin' },
  { id: 'PROMOTER', description: 'Full access to promoter settings', access: 'admin' },
  { id: 'TEAM', description: 'Manage team members and permissions', access: 'admin' },
  { id: 'VENUE', description: 'Manage venue settings and information', access: 'write' },
  { id: 'EDITOR', description: 'Edit content and promotional materials', access: 'write' },
  { id: 'FULL', description: 'Complete admin-level access (implies every other scope)', access: 'admin' },
];

/** Every scope id, for quick membership checks. */
export const SESSION_SERVICES_SCOPE_IDS = SESSION_SERVICES_SCOPES.map((s) => s.id);

/** Expands a granted list: FULL implies all scopes. Unknown scopes are kept as-is. */
export function expandSessionServicesScopes(granted: Iterable<string>): Set<string> {
  const set = new Set([...granted].map((s) => s.trim()).filter(Boolean));
  if (set.has('FULL')) for (const id of SESSION_SERVICES_SCOPE_IDS) set.add(id);
  return set;
}

/** The person-readable description of a scope, if it is one of ours. */
export function describeSessionServicesScope(scope: string): string | undefined {
  return SESSION_SERVICES_SCOPES.find((s) => s.id === scope)?.description;
}
