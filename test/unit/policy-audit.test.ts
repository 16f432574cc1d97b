import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readActivity } from '../../shared/audit/read-activity.js';
import { invokeOperation } from '../../shared/app/handlers.js';
import { testAppHandlers } from '../helpers/app-handlers.js';
import { loosens } from '../../shared/catalog/policy.js';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

describe('policy changes are audited with who made them', () => {
  it('records a change made in the app, in words, and shows it on the Activity screen', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-policy-audit-'));
    homes.push(home);
    const { core, handlers } = testAppHandlers(home);
    const connection = await core.store.add({ label: 'Board', provider: 'imboard', authKind: 'token' });
    const result = await invokeOperation(handlers, 'setPolicy', {
      id: connection.id,
      patch: { readOnly: true, disabledTools: ['list_boards'] },
    });
    expect(result.ok).toBe(true);
    const [record] = readActivity(home, {}).filter((r) => r.policyChange);
    expect(record?.policyChange).toEqual({ by: 'app', changes: ['read-only on', 'tool list_boards turned off'] });
    const activity = await invokeOperation(handlers, 'listActivity', {});
    expect(activity.ok && activity.value.entries[0]).toMatchObject({
      tool: 'Rules changed',
      connection: 'Board',
      detail: 'read-only on, tool list_boards turned off · by you in the app',
    });
  });

  it('names exactly the changes that loosen a rule', () => {
    const policies = { readOnly: true, confirmWrites: true, redactPii: true, disabledTools: ['delete_item'] };
    expect(loosens(policies, { readOnly: true, confirmWrites: true, disable: ['x'] })).toEqual([]);
    expect(
      loosens(policies, {
        readOnly: false,
        confirmWrites: false,
        redactPii: false,
        enable: ['mcp_ops__delete_item'],
        showUnusableTools: true,
      }),
    ).toEqual([
      'read-only off',
      'confirm writes off',
      'redact personal data off',
      "show tools the token can't use",
      'tool delete_item on',
    ]);
    expect(loosens({ ...policies, readOnly: false }, { readOnly: false })).toEqual([]);
  });
});
