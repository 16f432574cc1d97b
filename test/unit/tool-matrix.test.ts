import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { createCore } from '../../shared/connections/core.js';
import { toolMatrix } from '../../shared/use-cases/tool-matrix.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';

describe('toolMatrix for an API connection', () => {
  it('marks each Sessionboard tool allowed or missing from the granted scopes, across every manage_* action', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-matrix-'));
    const store = new ConnectionStore({ home });
    const connection = await store.add({
      label: 'Acme',
      provider: 'sessionboard',
      authKind: 'token',
      serverScopes: [
        'read:events',
        'read:sessions',
        'read:contacts',
        'read:reports',
        'read:dashboards',
        'read:insights',
        'write:sessions',
      ],
      learnedGaps: [],
      policies: { readOnly: false, disabledTools: ['manage_sponsors'], confirmWrites: false, redactPii: false },
    } as never);
    const matrix = await toolMatrix(createCore({ home, store, secrets: new MemorySecretStore() }), connection);
    expect(matrix.source).toBe('api');
    const row = (tool: string) => matrix.rows.find((r) => r.tool === tool)!;
    expect(row('list_sessions')).toMatchObject({
      access: 'read',
      scope: { status: 'allowed' },
      visible: true,
      gatewayName: 'sessionboard_acme__list_sessions',
    });
    expect(row('manage_sessions')).toMatchObject({
      access: 'write',
      scope: { status: 'allowed', required: ['write:sessions'] },
    });
    expect(row('manage_contacts').scope).toMatchObject({
      status: 'missing',
      missing: ['write:contacts'],
      learned: false,
    });
    expect(row('manage_sponsors')).toMatchObject({ enabled: false, visible: false, hiddenBecause: 'disabled' });
  });
});
