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

describe('toolMatrix labels what a cell rests on', () => {
  it('marks an assumed requirement whatever the status, and a prediction from declared scopes', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-matrix-'));
    const store = new ConnectionStore({ home });
    const core = createCore({ home, store, secrets: new MemorySecretStore() });
    const reported = await store.add({
      label: 'Harbour',
      provider: 'session-services',
      authKind: 'token',
      metadata: { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
      serverScopes: ['EVENT'],
      learnedGaps: [{ scope: 'FINANCE', tool: 'list_payouts', at: new Date().toISOString() }],
    } as never);
    const rows = (await toolMatrix(core, reported)).rows;
    const scope = (tool: string) => rows.find((r) => r.tool === tool)!.scope;
    expect(scope('create_event')).toMatchObject({ status: 'allowed', assumed: true });
    expect(scope('list_payouts')).toMatchObject({ status: 'missing', learned: true, assumed: true });
    expect(scope('scan_ticket')).toMatchObject({ status: 'unknown', assumed: true, expectedMissing: ['SCANNING'] });
    expect(scope('scan_ticket').expectedFrom).toBeUndefined(); // the grant was reported: only the mapping is assumed
    expect(scope('list_events')).toMatchObject({ status: 'allowed', assumed: false });

    const declared = await store.add({
      label: 'Acme',
      provider: 'sessions-website',
      authKind: 'token',
      metadata: { handle: 'acme-yoga' },
      declaredScopes: ['products:read'],
      learnedGaps: [],
    } as never);
    const declaredRows = (await toolMatrix(core, declared)).rows;
    const cell = (tool: string) => declaredRows.find((r) => r.tool === tool)!;
    expect(cell('list_products').scope).toMatchObject({
      status: 'unknown',
      expectedMissing: [],
      expectedFrom: 'declared',
    });
    expect(cell('list_participants')).toMatchObject({
      scope: { status: 'unknown', expectedMissing: ['participants:read'], expectedFrom: 'declared', assumed: false },
      visible: true,
    });
  });
});
