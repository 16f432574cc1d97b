import type { Connection } from '../../shared/connections/model.js';

/**
 * A token connection as provider tests hand it in: enabled, no declared scopes or learned gaps, default policies,
 * status unchecked, created and updated now, empty metadata. `fields` names it (id, label, provider) and sets or
 * overrides anything else.
 */
export function tokenConnection(
  fields: Pick<Connection, 'id' | 'label' | 'provider'> & Partial<Connection>,
): Connection {
  const now = new Date().toISOString();
  return {
    authKind: 'token',
    enabled: true,
    metadata: {},
    declaredScopes: [],
    learnedGaps: [],
    policies: { readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false },
    status: { state: 'unchecked' },
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}
