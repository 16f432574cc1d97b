import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import {
  assistantSettingsPath,
  COMPACT_THRESHOLD,
  readAllAssistantSettings,
  readAssistantSettings,
  updateAssistantSettings,
} from '../../shared/connections/assistant-settings.js';
import type { Catalog } from '../../shared/catalog/tool-catalog.js';
import type { GatewayTool } from '../../shared/catalog/gateway-tool.js';
import { AssistantView } from '../../shared/gateway/compact/assistant-view.js';
import { createGatewayLog } from '../../shared/gateway/gateway-log.js';

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bk-assistants-'));
const write = (h: string, value: unknown) => fs.writeFileSync(assistantSettingsPath(h), JSON.stringify(value));

/** A catalog of `count` read tools spread over connections c1 and c2 (only names and owners matter here). */
function catalog(count: number): Catalog {
  const tools = new Map<string, GatewayTool>();
  const list: Tool[] = [];
  for (let i = 0; i < count; i++) {
    const connectionId = i % 2 === 0 ? 'c1' : 'c2';
    const name = `mcp_${connectionId}__tool_${i}`;
    tools.set(name, { name, connectionId } as GatewayTool);
    list.push({ name, inputSchema: { type: 'object' } });
  }
  return { tools, hidden: new Map(), list };
}

describe('assistant settings file', () => {
  it('defaults to every connection and auto mode, and writes only what changed, keeping unknown keys', async () => {
    const h = home();
    expect(readAssistantSettings(h, 'cursor')).toEqual({ toolMode: 'auto' });
    write(h, {
      schemaVersion: 1,
      futureTopLevel: { x: 1 },
      assistants: { cursor: { toolMode: 'auto', futureKey: 'kept' }, zed: { connections: ['c9'] } },
    });
    await updateAssistantSettings(h, 'cursor', { connections: ['c1', 'c1'] });
    const raw = JSON.parse(fs.readFileSync(assistantSettingsPath(h), 'utf8'));
    expect(raw).toEqual({
      schemaVersion: 1,
      futureTopLevel: { x: 1 },
      assistants: {
        cursor: { toolMode: 'auto', futureKey: 'kept', connections: ['c1'] },
        zed: { connections: ['c9'] },
      },
    });
    expect(fs.statSync(assistantSettingsPath(h)).mode & 0o777).toBe(0o600);
    await updateAssistantSettings(h, 'cursor', { connections: null, toolMode: 'compact' });
    expect(readAssistantSettings(h, 'cursor')).toEqual({ toolMode: 'compact' });
    expect(Object.keys(readAllAssistantSettings(h)).sort()).toEqual(['cursor', 'zed']);
  });

  it('fails closed on a connection choice it cannot read; an unknown tool mode reads as auto', () => {
    const h = home();
    write(h, {
      schemaVersion: 1,
      assistants: {
        cursor: { connections: { anyOf: ['c1'] } },
        vscode: { toolMode: 'smart', connections: ['c1'] },
        zed: 'not an object',
      },
    });
    expect(readAssistantSettings(h, 'cursor')).toMatchObject({ connections: [], problem: expect.any(String) });
    expect(readAssistantSettings(h, 'vscode')).toEqual({ connections: ['c1'], toolMode: 'auto' });
    expect(readAssistantSettings(h, 'zed')).toMatchObject({ connections: [], problem: expect.any(String) });
  });

  it('refuses a damaged or newer file with what to do, and a bad assistant id', async () => {
    const h = home();
    fs.writeFileSync(assistantSettingsPath(h), '{ nope');
    expect(() => readAssistantSettings(h, 'cursor')).toThrow(/is not valid JSON/);
    write(h, { schemaVersion: 2, assistants: {} });
    expect(() => readAssistantSettings(h, 'cursor')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/does not hold assistant settings this version can read/),
        hint: expect.stringMatching(/Update Bridgekeeper/),
      }),
    );
    await expect(updateAssistantSettings(home(), '../etc', { toolMode: 'full' })).rejects.toThrow(
      /is not an assistant id/,
    );
  });
});

describe('AssistantView', () => {
  const log = () => createGatewayLog(path.join(home(), 'logs'), { stderr: false });

  it('narrows the catalog to the chosen connections (listed and hidden tools alike)', async () => {
    const h = home();
    await updateAssistantSettings(h, 'cursor', { connections: ['c2'] });
    const view = new AssistantView({ home: h, assistant: 'cursor', log: log() });
    const visible = view.filter(catalog(6));
    expect(visible.list.map((t) => t.name)).toEqual(['mcp_c2__tool_1', 'mcp_c2__tool_3', 'mcp_c2__tool_5']);
    expect([...visible.tools.keys()]).toEqual(visible.list.map((t) => t.name));
    expect(view.allows('c1')).toBe(false);
    // Without an assistant id, everything is visible.
    expect(new AssistantView({ home: h, log: log() }).filter(catalog(6)).list).toHaveLength(6);
  });

  it(`auto turns compact above ${COMPACT_THRESHOLD} visible tools; --tool-mode wins over the saved mode`, async () => {
    const h = home();
    await updateAssistantSettings(h, 'cursor', { toolMode: 'auto' });
    const view = new AssistantView({ home: h, assistant: 'cursor', log: log() });
    const none = () => undefined;
    expect(view.list(catalog(COMPACT_THRESHOLD), none)).toHaveLength(COMPACT_THRESHOLD);
    expect(view.list(catalog(COMPACT_THRESHOLD + 1), none).map((t) => t.name)).toEqual(['find_tools', 'call_tool']);
    const forced = new AssistantView({ home: h, assistant: 'cursor', toolMode: 'full', log: log() });
    expect(forced.list(catalog(COMPACT_THRESHOLD + 1), none)).toHaveLength(COMPACT_THRESHOLD + 1);
  });

  it('an unreadable settings file hides every connection', () => {
    const h = home();
    fs.writeFileSync(assistantSettingsPath(h), '{ nope');
    const view = new AssistantView({ home: h, assistant: 'cursor', log: log() });
    expect(view.filter(catalog(4)).list).toEqual([]);
    expect(view.settings.problem).toMatch(/not valid JSON/);
  });
});
