import { describe, expect, it } from 'vitest';
import {
  channelMap,
  ConnectionSummarySchema,
  OPERATION_NAMES,
  operations,
  resultSchema,
  WhoamiViewSchema,
} from '../../shared/contract.js';

describe('the renderer ↔ core contract', () => {
  it('gives every operation its own channel', () => {
    const channels = OPERATION_NAMES.map((n) => operations[n].channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    expect(channelMap().addConnection).toBe('connections:add');
  });

  it('rejects unknown request fields (no pass-through)', () => {
    for (const name of OPERATION_NAMES) {
      const result = operations[name].request.safeParse({ __proto_pollution: 1, command: 'rm -rf /' });
      expect(result.success, name).toBe(false);
      // Refused for the unknown fields themselves, not only for a missing required one: this fails without .strict().
      const unknown = result.error?.issues.find((issue) => issue.code === 'unrecognized_keys');
      expect(unknown, name).toMatchObject({ keys: ['__proto_pollution', 'command'] });
    }
  });

  it('bounds pasted tokens and ids', () => {
    expect(operations.inspectToken.request.safeParse({ token: 'x'.repeat(9000) }).success).toBe(false);
    expect(operations.inspectToken.request.safeParse({ token: '' }).success).toBe(false);
    expect(operations.checkConnection.request.safeParse({ id: 'c_'.padEnd(200, 'a') }).success).toBe(false);
  });

  it('strips fields the view does not declare, so a secret added to a core object cannot ride along', () => {
    const summary = ConnectionSummarySchema.parse({
      id: 'c_abcdefgh12',
      label: 'Acme',
      service: 'imboard',
      serviceName: "I'mBoard",
      authKind: 'token',
      status: { state: 'ok' },
      createdAt: '2026-01-01T00:00:00Z',
      policies: { readOnly: false, confirmWrites: false, redactPii: false, disabledTools: [] },
      secret: 'imb_pat_SHOULD_NOT_PASS',
      metadata: { token: 'imb_pat_SHOULD_NOT_PASS' },
    });
    expect(JSON.stringify(summary)).not.toContain('SHOULD_NOT_PASS');
    const whoami = WhoamiViewSchema.parse({
      service: 'imboard',
      serviceName: "I'mBoard",
      host: 'app.imboard.ai',
      principal: { type: 'user', name: 'Ada', token: 'imb_pat_SHOULD_NOT_PASS' },
      context: [],
      tokenKind: 'pat',
      tokenKindLabel: 'PAT',
      scopes: [],
      missingScopes: [],
      flags: {},
      notes: [],
      checkedAt: 'now',
      rawToken: 'imb_pat_SHOULD_NOT_PASS',
    });
    expect(JSON.stringify(whoami)).not.toContain('SHOULD_NOT_PASS');
  });

  it('wraps responses in an ok/error envelope the renderer re-validates', () => {
    const schema = resultSchema('removeConnection');
    expect(schema.safeParse({ ok: true, value: { id: 'c_1', label: 'x', revoked: false } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'x', message: 'm', hint: 'h' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'x', message: 'm', stack: 'at …' } }).success).toBe(false);
    expect(schema.safeParse({ ok: true, value: { id: 'c_1' } }).success).toBe(false);
  });
});
