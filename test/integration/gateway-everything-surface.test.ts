import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type {
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPolicy } from '../../shared/catalog/policy.js';
import { createCore } from '../../shared/connections/core.js';
import { ConnectionStore } from '../../shared/connections/store.js';
import { directClient, gatewayClient, type Received } from './everything-clients.js';
import { type EverythingServer, startEverythingServer } from './everything-server.js';
import { addConnection, cli, gatewayEnv } from './gateway-harness.js';
import { untilFileExists } from '../helpers/wakeups.js';

/** Loosens a rule of 'Everything' the way the app does (the CLI asks for a terminal confirmation). */
async function loosen(env: Record<string, string>, patch: { redactPii?: boolean; readOnly?: boolean }): Promise<void> {
  const home = env.BRIDGEKEEPER_HOME!;
  await setPolicy(createCore({ home, store: new ConnectionStore({ home }) }), 'Everything', patch, { by: 'app' });
}

// The whole non-tool protocol of a real third-party MCP server, compared directly and through `bridgekeeper mcp`
// (built CLI, real stdio, real keychain). Differences allowed: the documented namespacing (`<prefix>__<prompt>`,
// `bridgekeeper://<prefix>/<original URI>`) and the "acts on account" titles and descriptions.
describe('gateway carries prompts, resources, completions, subscriptions and logging of server-everything', () => {
  const PREFIX = 'mcp_everything';
  const OTHER = 'mcp_everything-two';
  const NS = (uri: string, prefix = PREFIX) => `bridgekeeper://${prefix}/${uri}`;
  const SECRET = 'bk-everything-token-9f8e7d6c5b4a';
  const ACTS_ON = "Acts on Remote MCP server account 'Everything' (mcp-servers/everything).";
  let server: EverythingServer;
  let env: Record<string, string>;
  let connectionId: string;
  let direct: { client: Client; received: Received };
  let gw: { client: Client; received: Received; stderr(): string };

  // Dynamic resources carry the time they were made: equal apart from it.
  const untimed = (text: string) => text.replace(/\d{1,2}:\d{2}:\d{2}(?:\s?[AP]M)?/g, '<time>');
  const decoded = (result: ReadResourceResult) =>
    result.contents.map((c) => ({
      ...c,
      ...('text' in c ? { text: untimed(c.text) } : {}),
      ...('blob' in c ? { blob: untimed(Buffer.from(c.blob, 'base64').toString('utf8')) } : {}),
    }));
  const labelled = <T extends { name: string; title?: string; description?: string }>(
    item: T,
    label = 'Everything',
  ) => ({
    ...item,
    title: `${item.title ?? item.name} — ${label}`,
    description: `${ACTS_ON.replace('Everything', label)} ${item.description ?? ''}`.trim(),
  });

  beforeAll(async () => {
    server = await startEverythingServer();
    env = gatewayEnv({}, { BRIDGEKEEPER_MAX_RESULT_BYTES: '6000', BRIDGEKEEPER_LIST_TIMEOUT_MS: '15000' });
    // Through the recording proxy: what the upstream received is checked too (e.g. `_meta`, setLevel, unsubscribe).
    connectionId = await addConnection(env, 'remote-mcp', 'Everything', SECRET, ['--url', server.proxiedUrl]);
    await addConnection(env, 'remote-mcp', 'Everything Two', null, ['--url', server.proxiedUrl]);
    direct = await directClient(server.directUrl);
    gw = await gatewayClient(env);
  }, 60_000);
  afterAll(async () => {
    await gw?.client.close();
    await direct?.client.close();
    await server?.close();
  });

  it('declares prompts, resources (subscribe, listChanged), completions and logging', () => {
    expect(gw.client.getServerCapabilities()).toMatchObject({
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      completions: {},
      logging: {},
    });
  });

  it('lists the same resources, under gateway URIs, once per connection without collisions', async () => {
    const theirs = (await direct.client.listResources()).resources;
    const ours = (await gw.client.listResources()).resources;
    expect(theirs.length).toBeGreaterThan(0);
    const mine = ours.filter((r) => r.uri.startsWith(NS('')));
    expect(mine).toEqual(theirs.map((r: Resource) => ({ ...labelled(r), uri: NS(r.uri) })));
    const second = ours.filter((r) => r.uri.startsWith(NS('', OTHER)));
    expect(second.map((r) => r.uri)).toEqual(theirs.map((r) => NS(r.uri, OTHER)));
    expect(new Set(ours.map((r) => r.uri)).size).toBe(ours.length);
    for (const r of ours) expect(() => new URL(r.uri)).not.toThrow();
  });

  it('lists the same resource templates, namespaced so their expansions route back', async () => {
    const theirs = (await direct.client.listResourceTemplates()).resourceTemplates;
    const ours = (await gw.client.listResourceTemplates()).resourceTemplates.filter((t) =>
      t.uriTemplate.startsWith(NS('')),
    );
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs.map((t: ResourceTemplate) => ({ ...labelled(t), uriTemplate: NS(t.uriTemplate) })));
  });

  it('reads text and blob resources (template expansions and listed ones) with the same contents', async () => {
    const uris = [
      'demo://resource/dynamic/text/1',
      'demo://resource/dynamic/blob/2',
      'demo://resource/static/document/architecture.md',
    ];
    for (const uri of uris) {
      const theirs = await direct.client.readResource({ uri });
      const ours = await gw.client.readResource({ uri: NS(uri) });
      expect(decoded(ours)).toEqual(decoded(theirs).map((c) => ({ ...c, uri: NS(c.uri) })));
    }
    const blob = await gw.client.readResource({ uri: NS('demo://resource/dynamic/blob/2') });
    expect(blob.contents[0]).toHaveProperty('blob');
  });

  it('gives resource links in tool results gateway URIs that read like the originals', async () => {
    const theirs = (await direct.client.callTool({ name: 'get-resource-links', arguments: { count: 2 } }))
      .content as Array<{ type: string; uri?: string }>;
    const ours = (await gw.client.callTool({ name: `${PREFIX}__get-resource-links`, arguments: { count: 2 } }))
      .content as Array<{ type: string; uri?: string }>;
    const links = theirs.filter((c) => c.type === 'resource_link');
    expect(links).toHaveLength(2);
    expect(ours.filter((c) => c.type === 'resource_link')).toEqual(links.map((l) => ({ ...l, uri: NS(l.uri!) })));
    for (const link of links) {
      const read = await gw.client.readResource({ uri: NS(link.uri!) });
      expect(decoded(read)).toEqual(
        decoded(await direct.client.readResource({ uri: link.uri! })).map((c) => ({ ...c, uri: NS(c.uri) })),
      );
    }
  });

  it('cuts resource text over BRIDGEKEEPER_MAX_RESULT_BYTES and says so', async () => {
    const uri = 'demo://resource/static/document/structure.md';
    const theirs = await direct.client.readResource({ uri });
    const ours = await gw.client.readResource({ uri: NS(uri) });
    const full = (theirs.contents[0] as { text: string }).text;
    const cut = (ours.contents[0] as { text: string }).text;
    expect(Buffer.byteLength(full)).toBeGreaterThan(6000);
    expect(cut).toContain('result truncated');
    expect(cut.startsWith(full.slice(0, 5000))).toBe(true);
  });

  it('answers an unknown or un-namespaced URI with MCP "resource not found"', async () => {
    await expect(gw.client.readResource({ uri: 'demo://resource/dynamic/text/1' })).rejects.toMatchObject({
      code: -32002,
    });
    await expect(
      gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1', 'mcp_nobody') }),
    ).rejects.toMatchObject({ code: -32002 });
    // The upstream's own error answer keeps its code, as it would directly.
    const directError = await direct.client
      .readResource({ uri: 'demo://resource/nowhere' })
      .catch((e: { code: number }) => e);
    const gatewayError = await gw.client
      .readResource({ uri: NS('demo://resource/nowhere') })
      .catch((e: { code: number }) => e);
    expect((gatewayError as { code: number }).code).toBe((directError as { code: number }).code);
  });

  it('lists the same prompts, named <prefix>__<name>', async () => {
    const theirs = (await direct.client.listPrompts()).prompts;
    const ours = (await gw.client.listPrompts()).prompts.filter((p) => p.name.startsWith(`${PREFIX}__`));
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs.map((p: Prompt) => ({ ...labelled(p), name: `${PREFIX}__${p.name}` })));
  });

  it('gets prompts with arguments with the same messages (embedded resources under gateway URIs)', async () => {
    const cases: Array<[string, Record<string, string> | undefined]> = [
      ['simple-prompt', undefined],
      ['args-prompt', { city: 'Springfield', state: 'Oregon' }],
      ['completable-prompt', { department: 'Engineering', name: 'Alice' }],
      ['resource-prompt', { resourceType: 'Text', resourceId: '3' }],
    ];
    for (const [name, args] of cases) {
      const theirs = await direct.client.getPrompt({ name, ...(args ? { arguments: args } : {}) });
      const ours = await gw.client.getPrompt({ name: `${PREFIX}__${name}`, ...(args ? { arguments: args } : {}) });
      const normal = (r: GetPromptResult, ns: (u: string) => string) =>
        JSON.parse(
          untimed(
            JSON.stringify({
              ...r,
              messages: r.messages.map((m) =>
                m.content.type === 'resource'
                  ? {
                      ...m,
                      content: { ...m.content, resource: { ...m.content.resource, uri: ns(m.content.resource.uri) } },
                    }
                  : m,
              ),
            }),
          ),
        );
      expect(normal(ours, (u) => u)).toEqual(normal(theirs, (u) => NS(u)));
    }
  });

  it('completes prompt arguments (with context) and template variables like the server does', async () => {
    const promptRef = (name: string) => ({ type: 'ref/prompt' as const, name });
    const cases = [
      { ref: promptRef('completable-prompt'), argument: { name: 'department', value: 'E' } },
      {
        ref: promptRef('completable-prompt'),
        argument: { name: 'name', value: 'A' },
        context: { arguments: { department: 'Engineering' } },
      },
      {
        ref: { type: 'ref/resource' as const, uri: 'demo://resource/dynamic/text/{resourceId}' },
        argument: { name: 'resourceId', value: '7' },
      },
    ];
    for (const c of cases) {
      const theirs = await direct.client.complete(c);
      const ref =
        c.ref.type === 'ref/prompt' ? { ...c.ref, name: `${PREFIX}__${c.ref.name}` } : { ...c.ref, uri: NS(c.ref.uri) };
      const ours = await gw.client.complete({ ...c, ref });
      expect(theirs.completion.values.length).toBeGreaterThan(0);
      expect(ours).toEqual(theirs);
    }
  });

  it("passes the client's _meta (trace ids, progress token) on to the upstream with prompt gets, reads and completions", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const from = server.seen.length;
    const meta = (method: string) =>
      server.seen.slice(from).find((m) => m.message.method === method)?.message.params?._meta as
        | Record<string, unknown>
        | undefined;
    // `onprogress` makes the SDK client send a progress token, as assistants do.
    const progress = { onprogress: () => undefined };
    await gw.client.getPrompt({ name: `${PREFIX}__simple-prompt`, _meta: { traceparent } }, progress);
    await gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1'), _meta: { traceparent } }, progress);
    await gw.client.complete(
      {
        ref: { type: 'ref/prompt', name: `${PREFIX}__completable-prompt` },
        argument: { name: 'department', value: 'E' },
        _meta: { traceparent },
      },
      progress,
    );
    for (const method of ['prompts/get', 'resources/read', 'completion/complete']) {
      expect(meta(method), method).toMatchObject({ traceparent });
      // The upstream gets a progress token of the gateway's upstream client; its progress comes back under the client's.
      expect(meta(method)?.progressToken, method).toBeDefined();
    }
  });

  it('subscribes: the upstream sends resources/updated, the assistant gets it under the gateway URI', async () => {
    const uri = 'demo://resource/dynamic/text/5';
    const fromDirect = direct.received.all.length;
    await direct.client.subscribeResource({ uri });
    await direct.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    const theirs = await direct.received.waitFor('notifications/resources/updated', (p) => p.uri === uri, {
      from: fromDirect,
    });
    await direct.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });

    const from = gw.received.all.length;
    await gw.client.subscribeResource({ uri: NS(uri) });
    await gw.client.callTool({ name: `${PREFIX}__toggle-subscriber-updates`, arguments: {} });
    const ours = await gw.received.waitFor('notifications/resources/updated', (p) => p.uri === NS(uri), { from });
    await gw.client.callTool({ name: `${PREFIX}__toggle-subscriber-updates`, arguments: {} });
    expect(ours).toEqual({ ...theirs, uri: NS(uri) });
    const subscribed = server.seen.findLast(
      (m) => m.message.method === 'resources/subscribe' && m.message.params?.uri === uri,
    )!;
    const seenBefore = server.seen.length;
    await gw.client.unsubscribeResource({ uri: NS(uri) });
    // The upstream is told, on the session that holds the subscription, under its own URI.
    const unsubscribed = server.seen.slice(seenBefore).filter((m) => m.message.method === 'resources/unsubscribe');
    expect(unsubscribed.map((m) => [m.sessionId, m.message.params])).toEqual([[subscribed.sessionId, { uri }]]);
  });

  it('renews a subscription on the new upstream session after the connection was disabled and enabled again', async () => {
    const uri = 'demo://resource/dynamic/text/11';
    await gw.client.subscribeResource({ uri: NS(uri) });
    const store = new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! });
    // Disabling closes the upstream session (the tool list changes once the catalog dropped it); enabling opens a new one.
    let from = gw.received.all.length;
    await store.update(connectionId, () => ({ enabled: false }));
    await gw.received.waitFor('notifications/tools/list_changed', undefined, { from });
    from = gw.received.all.length;
    await store.update(connectionId, () => ({ enabled: true }));
    await gw.received.waitFor('notifications/tools/list_changed', undefined, { from });
    from = gw.received.all.length;
    await gw.client.callTool({ name: `${PREFIX}__toggle-subscriber-updates`, arguments: {} });
    try {
      expect(await gw.received.waitFor('notifications/resources/updated', (p) => p.uri === NS(uri), { from })).toEqual({
        uri: NS(uri),
      });
    } finally {
      await gw.client.callTool({ name: `${PREFIX}__toggle-subscriber-updates`, arguments: {} });
      await gw.client.unsubscribeResource({ uri: NS(uri) });
    }
  });

  it('forwards resources/list_changed and lists a resource the upstream added in this session', async () => {
    const from = gw.received.all.length;
    const data = `data:text/plain;base64,${Buffer.from('hello from the gateway test').toString('base64')}`;
    const result = await gw.client.callTool({
      name: `${PREFIX}__gzip-file-as-resource`,
      arguments: { name: 'hello.txt.gz', data },
    });
    expect(result.isError).toBeFalsy();
    await gw.received.waitFor('notifications/resources/list_changed', undefined, { from });
    const uris = (await gw.client.listResources()).resources.map((r) => r.uri);
    // Only the session of 'Everything' has it: the same upstream URI of the other connection is another resource.
    expect(uris).toContain(NS('demo://resource/session/hello.txt.gz'));
    expect(uris).not.toContain(NS('demo://resource/session/hello.txt.gz', OTHER));
    const read = await gw.client.readResource({ uri: NS('demo://resource/session/hello.txt.gz') });
    expect(read.contents[0]).toMatchObject({
      uri: NS('demo://resource/session/hello.txt.gz'),
      mimeType: 'application/gzip',
    });
    await expect(gw.client.readResource({ uri: NS('demo://resource/session/hello.txt.gz', OTHER) })).rejects.toThrow();
  });

  it('fans logging/setLevel out and relays upstream log messages labelled with their connection', async () => {
    // Both connections' sessions are open (and which they are is seen on a read through each).
    const seenBefore = server.seen.length;
    await gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1') });
    await gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1', OTHER) });
    const sessions = server.seen
      .slice(seenBefore)
      .filter((m) => m.message.method === 'resources/read')
      .map((m) => m.sessionId);
    expect(new Set(sessions).size).toBe(2);
    const setLevels = (level: string, from: number) =>
      server.seen
        .slice(from)
        .filter((m) => m.message.method === 'logging/setLevel' && m.message.params?.level === level)
        .map((m) => m.sessionId)
        .sort();
    // The server logs every subscribe at level info: filtered at warning, relayed at debug.
    let seenFrom = server.seen.length;
    await gw.client.setLoggingLevel('warning');
    // Answered once every upstream answered: each connection's session got the level.
    expect(setLevels('warning', seenFrom)).toEqual([...sessions].sort());
    const from = gw.received.all.length;
    await gw.client.subscribeResource({ uri: NS('demo://resource/dynamic/text/8') });
    seenFrom = server.seen.length;
    await gw.client.setLoggingLevel('debug');
    expect(setLevels('debug', seenFrom)).toEqual([...sessions].sort());
    await gw.client.subscribeResource({ uri: NS('demo://resource/dynamic/text/9') });
    const ours = await gw.received.waitFor('notifications/message', (p) => String(p.data).includes('dynamic/text/9'), {
      from,
    });
    const logs = gw.received.all.slice(from).filter((n) => n.method === 'notifications/message');
    expect(logs.some((n) => String(n.params.data).includes('dynamic/text/8'))).toBe(false);

    await direct.client.setLoggingLevel('debug');
    const fromDirect = direct.received.all.length;
    await direct.client.subscribeResource({ uri: 'demo://resource/dynamic/text/9' });
    const theirs = await direct.received.waitFor(
      'notifications/message',
      (p) => String(p.data).includes('dynamic/text/9'),
      { from: fromDirect },
    );
    const sessionless = (p: Record<string, unknown>) => ({
      ...p,
      data: String(p.data).replace(/session \S+/, 'session <id>'),
    });
    expect(sessionless(ours)).toEqual({ ...sessionless(theirs), logger: PREFIX });
    await gw.client.unsubscribeResource({ uri: NS('demo://resource/dynamic/text/8') });
    await gw.client.unsubscribeResource({ uri: NS('demo://resource/dynamic/text/9') });
  });

  it('masks known secrets always, and emails and phone numbers when the connection redacts PII', async () => {
    const withSecret = await gw.client.getPrompt({ name: `${PREFIX}__args-prompt`, arguments: { city: SECRET } });
    expect(JSON.stringify(withSecret)).not.toContain(SECRET);
    expect(JSON.stringify(withSecret)).toContain(SECRET.slice(-4));

    expect((await cli(['tools', 'Everything', '--redact-pii', 'on'], env)).code).toBe(0);
    const masked = await gw.client.getPrompt({
      name: `${PREFIX}__args-prompt`,
      arguments: { city: 'jane.doe@example.com', state: '+1 (555) 123-4567' },
    });
    const text = JSON.stringify(masked);
    expect(text).not.toContain('jane.doe@example.com');
    expect(text).toContain('j***@e***.com');
    expect(text).toContain('***-***-4567');
    const listed = (await gw.client.listResources()).resources.find((r) => r.uri.startsWith(NS('')))!;
    expect(listed.description).toContain('emails and phone numbers in its contents are masked');
    // Loosening a rule is the person's call (the CLI asks at a terminal): done here as the app does it.
    await loosen(env, { redactPii: false });
  });

  it('records prompt gets and resource reads in the audit log, without argument values', async () => {
    const file = path.join(env.BRIDGEKEEPER_HOME!, 'audit', 'activity.jsonl');
    const deadline = Date.now() + 10_000;
    let lines: Array<Record<string, unknown>> = [];
    const wanted = (l: Record<string, unknown>) => l.kind === 'prompt' && l.upstreamTool === 'args-prompt';
    while (Date.now() < deadline && !(lines.some(wanted) && lines.some((l) => l.kind === 'resource'))) {
      lines = fs.existsSync(file)
        ? fs
            .readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [];
      if (!lines.some(wanted)) await new Promise((r) => setImmediate(r));
    }
    expect(lines.find(wanted)).toMatchObject({
      kind: 'prompt',
      tool: `${PREFIX}__args-prompt`,
      access: 'read',
      outcome: 'allowed',
      connectionId,
      argumentNames: ['city', 'state'],
      client: 'gateway-client',
    });
    expect(
      lines.find((l) => l.kind === 'resource' && l.upstreamTool === 'demo://resource/dynamic/text/1'),
    ).toMatchObject({ tool: NS('demo://resource/dynamic/text/1'), access: 'read', outcome: 'allowed' });
    expect(lines.find((l) => l.kind === 'resource' && l.upstreamTool === 'demo://resource/nowhere')).toMatchObject({
      outcome: 'error',
      reason: 'upstream_protocol_error',
    });
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toContain('Springfield');
    expect(raw).not.toContain(SECRET);
  });

  it('a disabled connection exposes nothing; read-only still offers prompts and resources (they are reads)', async () => {
    const store = new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! });
    expect((await cli(['tools', 'Everything', '--read-only', 'on'], env)).code).toBe(0);
    expect((await gw.client.listPrompts()).prompts.some((p) => p.name.startsWith(`${PREFIX}__`))).toBe(true);
    expect((await gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1') })).contents).toHaveLength(1);
    await loosen(env, { readOnly: false });

    const from = gw.received.all.length;
    await store.update(connectionId, () => ({ enabled: false }));
    try {
      // Told through the store watch, like tool lists.
      await gw.received.waitFor('notifications/resources/list_changed', undefined, { from });
      await gw.received.waitFor('notifications/prompts/list_changed', undefined, { from });
      expect((await gw.client.listPrompts()).prompts.some((p) => p.name.startsWith(`${PREFIX}__`))).toBe(false);
      expect((await gw.client.listResources()).resources.some((r) => r.uri.startsWith(NS('')))).toBe(false);
      expect(
        (await gw.client.listResourceTemplates()).resourceTemplates.some((t) => t.uriTemplate.startsWith(NS(''))),
      ).toBe(false);
      await expect(gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1') })).rejects.toThrow(
        /'Everything' is disabled/,
      );
      await expect(gw.client.getPrompt({ name: `${PREFIX}__simple-prompt` })).rejects.toThrow(
        /'Everything' is disabled/,
      );
      // The other connection still answers.
      expect(
        (await gw.client.readResource({ uri: NS('demo://resource/dynamic/text/1', OTHER) })).contents,
      ).toHaveLength(1);
    } finally {
      await store.update(connectionId, () => ({ enabled: true }));
    }
  });

  it("merges the upstream's instructions, labelled with the account, into the next gateway's instructions", async () => {
    const theirs = direct.client.getInstructions();
    expect(theirs).toBeTruthy();
    // This gateway answered initialize before contacting the upstream: it learns them now and caches them.
    expect(gw.client.getInstructions()).not.toContain(theirs!.trim().slice(0, 200));
    const cache = path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'upstream-instructions.json');
    await untilFileExists(cache, 10_000);
    const next = await gatewayClient(env);
    try {
      const merged = next.client.getInstructions()!;
      expect(merged).toContain('Bridgekeeper exposes the tools');
      expect(merged).toContain(
        `From the MCP server of Remote MCP server account 'Everything' (its tools and prompts are named ${PREFIX}__<name>`,
      );
      expect(merged).toContain(theirs!.trim());
      expect(merged).toContain("account 'Everything Two'");
    } finally {
      await next.client.close();
    }
  });
});
