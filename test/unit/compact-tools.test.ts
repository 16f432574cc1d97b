import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { GatewayTool } from '../../shared/catalog/gateway-tool.js';
import type { Catalog } from '../../shared/catalog/tool-catalog.js';
import type { Connection } from '../../shared/connections/model.js';
import { CallArgsSchema, findTools } from '../../shared/gateway/compact/compact-tools.js';

const connections = {
  c1: { id: 'c1', label: 'Acme' },
  c2: { id: 'c2', label: 'Board' },
} as unknown as Record<string, Connection>;

function catalog(): Catalog {
  const entries: Array<[string, string, string, boolean]> = [
    ['sessionboard_acme__list_sessions', 'c1', 'Lists the sessions of an event.', true],
    ['sessionboard_acme__create_session', 'c1', 'Creates a session in an event.', false],
    ['imboard_board__list_meetings', 'c2', 'Lists board meetings.', true],
    ['imboard_board__create_meeting', 'c2', 'Schedules a board meeting.', false],
  ];
  const tools = new Map<string, GatewayTool>();
  const list: Tool[] = [];
  for (const [name, connectionId, description, read] of entries) {
    tools.set(name, { name, connectionId } as GatewayTool);
    list.push({
      name,
      description,
      inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      annotations: { readOnlyHint: read },
    });
  }
  return { tools, hidden: new Map(), list };
}

const run = (args: unknown) => {
  const result = findTools(catalog(), (id) => connections[id], args);
  return { result, answer: JSON.parse((result.content[0] as { text: string }).text) as Record<string, unknown> };
};

describe('find_tools', () => {
  it('ranks name matches first, filters by account label or prefix, and leaves schemas out on request', () => {
    const { answer } = run({ query: 'create meeting' });
    expect((answer.tools as Array<{ name: string }>)[0]).toMatchObject({
      name: 'imboard_board__create_meeting',
      account: 'Board',
      access: 'write',
      inputSchema: { type: 'object' },
    });
    const byLabel = run({ query: 'list', connection: 'acme' }).answer.tools as Array<{ name: string }>;
    expect(byLabel.map((t) => t.name)).toEqual(['sessionboard_acme__list_sessions']);
    const byPrefix = run({ query: '', connection: 'imboard_board', schemas: false }).answer.tools as Array<object>;
    expect(byPrefix).toHaveLength(2);
    expect(byPrefix.some((t) => 'inputSchema' in t)).toBe(false);
  });

  it('says what to try when nothing matches or more match than shown, and refuses bad arguments', () => {
    expect(run({ query: 'zebra' }).answer).toMatchObject({ found: 0, hint: expect.stringMatching(/Try other words/) });
    expect(run({ query: '', limit: 1 }).answer).toMatchObject({
      found: 4,
      shown: 1,
      hint: expect.stringMatching(/3 more/),
    });
    const bad = findTools(catalog(), (id) => connections[id], { query: 'x', limit: 500 });
    expect(bad.isError).toBe(true);
  });
});

describe('call_tool arguments', () => {
  it('takes an object or a JSON string of one, nothing else', () => {
    expect(CallArgsSchema.parse({ name: 't', arguments: '{"a":1}' }).arguments).toEqual({ a: 1 });
    expect(CallArgsSchema.parse({ name: 't' }).arguments).toEqual({});
    expect(CallArgsSchema.safeParse({ name: 't', arguments: '[1]' }).success).toBe(false);
    expect(CallArgsSchema.safeParse({ name: '', arguments: {} }).success).toBe(false);
  });
});
