import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type ClientCapabilities, ElicitRequestSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { ConnectionSchema } from '../../shared/connections/model.js';
import { callUpstreamTool } from '../../shared/gateway/relay/upstream-call.js';
import { UpstreamPool } from '../../shared/catalog/upstream-pool.js';
import { getProvider } from '../../shared/providers/registry.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { upstreamCapabilities } from '../../shared/catalog/client-capabilities.js';
import { relayServerRequests } from '../../shared/gateway/relay/server-requests.js';

const ACCOUNT = "Remote MCP server 'Acme'";
const SCHEMA = { type: 'object' as const, properties: { colour: { type: 'string' as const } }, required: ['colour'] };

/**
 * The three real SDK parties of a relay, linked in memory: the assistant's client, the gateway's server, and an
 * upstream server talking to the gateway's upstream client (prepared by `relayServerRequests`).
 */
async function relayChain(
  capabilities: ClientCapabilities,
  onElicit?: (message: string, signal: AbortSignal) => Promise<{ action: 'accept'; content: Record<string, string> }>,
  tools?: (server: McpServer) => void,
) {
  const gateway = new Server({ name: 'bridgekeeper', version: '0' }, { capabilities: { tools: {} } });
  const assistant = new Client({ name: 'Assistant X', version: '1' }, { capabilities });
  if (onElicit)
    assistant.setRequestHandler(ElicitRequestSchema, (request, extra) =>
      onElicit(request.params.message, extra.signal),
    );
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([gateway.connect(b), assistant.connect(a)]);
  const clientCapabilities = gateway.getClientCapabilities()!;
  const upstreamMcp = new McpServer({ name: 'upstream', version: '0' }, { capabilities: {} });
  tools?.(upstreamMcp);
  const upstream = upstreamMcp.server;
  const upstreamClient = new Client(
    { name: 'bridgekeeper-gateway', version: '0' },
    { capabilities: upstreamCapabilities(clientCapabilities) },
  );
  relayServerRequests(upstreamClient, { server: gateway, account: ACCOUNT, clientCapabilities });
  const [c, d] = InMemoryTransport.createLinkedPair();
  await Promise.all([upstream.connect(d), upstreamClient.connect(c)]);
  // The SDK ignores notifications/cancelled for request id 0 (a falsy-id check in 1.32.2): use up id 0 on both sides.
  await Promise.all([gateway.ping(), upstream.ping()]);
  return { upstream, upstreamClient, close: () => Promise.all([assistant.close(), upstreamClient.close()]) };
}

describe('upstream session capabilities', () => {
  it('mirror the roots, sampling and elicitation modes the assistant advertised, nothing else', () => {
    expect(upstreamCapabilities({})).toEqual({});
    expect(
      upstreamCapabilities({
        roots: { listChanged: true },
        sampling: { tools: {} },
        elicitation: { form: { applyDefaults: true }, url: {} },
        tasks: { list: {} },
        experimental: { x: {} },
      }),
    ).toEqual({
      roots: { listChanged: true },
      sampling: { tools: {} },
      elicitation: { form: { applyDefaults: true }, url: {} },
    });
    expect(upstreamCapabilities({ roots: {}, elicitation: {} })).toEqual({ roots: {}, elicitation: {} });
  });
});

describe('upstream sessions before the assistant initialized', () => {
  it('are never opened: they would hide capability-gated tools for their whole life', async () => {
    const connection = ConnectionSchema.parse({
      id: 'c_early0001',
      label: 'Early',
      provider: 'remote-mcp',
      authKind: 'none',
      metadata: { url: 'https://mcp.early.example/mcp' },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    let prepared = 0;
    const pool = new UpstreamPool(new MemorySecretStore(), 1_000, {
      clientCapabilities: () => undefined,
      prepare: () => void prepared++,
    });
    await expect(pool.session(connection, getProvider('remote-mcp'))).rejects.toThrow(
      "cannot open Remote MCP server 'Early' before the MCP client has initialized",
    );
    expect(prepared).toBe(0);
    expect(pool.openSessions()).toEqual([]);
  });
});

describe('server-to-client requests relayed to the assistant', () => {
  it('refuses sampling and roots the assistant cannot serve, saying which client and account', async () => {
    const chain = await relayChain({ elicitation: { form: {} } }, async () => ({
      action: 'accept',
      content: { colour: 'red' },
    }));
    try {
      for (const ask of [
        () =>
          chain.upstream.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
            maxTokens: 5,
          }),
        () => chain.upstream.listRoots(),
      ]) {
        const error = (await ask().catch((e: unknown) => e)) as McpError;
        expect(error).toBeInstanceOf(McpError);
        expect(error.code).toBe(ErrorCode.MethodNotFound);
        expect(error.message).toMatch(
          /Assistant X \(the MCP client using Bridgekeeper\) does not support (sampling|roots), so Bridgekeeper cannot relay this request from Remote MCP server 'Acme'/,
        );
      }
    } finally {
      await chain.close();
    }
  });

  it('labels a form elicitation with the asking account and relays the answer; a url one the client lacks is refused', async () => {
    const asked: string[] = [];
    const chain = await relayChain({ elicitation: { form: {} } }, async (message) => {
      asked.push(message);
      return { action: 'accept', content: { colour: 'teal' } };
    });
    try {
      const answer = await chain.upstream.elicitInput({
        mode: 'form',
        message: 'Pick a colour',
        requestedSchema: SCHEMA,
      });
      expect(answer).toEqual({ action: 'accept', content: { colour: 'teal' } });
      expect(asked).toEqual([`${ACCOUNT} asks: Pick a colour`]);
      // The upstream server itself refuses (the session never advertised url mode), as it would directly.
      await expect(
        chain.upstream.elicitInput({ mode: 'url', message: 'Open', url: 'https://example.com', elicitationId: 'e1' }),
      ).rejects.toThrow(/url elicitation/);
    } finally {
      await chain.close();
    }
  });

  it('cancels the relayed request at the assistant when the upstream cancels it', async () => {
    let cancelled!: () => void;
    const sawCancel = new Promise<void>((resolve) => (cancelled = resolve));
    const controller = new AbortController();
    const chain = await relayChain({ elicitation: { form: {} } }, (_message, signal) => {
      signal.addEventListener('abort', () => cancelled());
      // The request reached the person: now the upstream gives up on it.
      controller.abort('no longer needed');
      return new Promise(() => undefined);
    });
    try {
      const pending = chain.upstream.elicitInput(
        { mode: 'form', message: 'Wait', requestedSchema: SCHEMA },
        { signal: controller.signal },
      );
      await expect(pending).rejects.toThrow();
      await sawCancel;
    } finally {
      await chain.close();
    }
  });
});

describe('the time bound of a relayed call', () => {
  const elapse = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const call = (client: Client, name: string, timeoutMs: number, meta?: Record<string, unknown>) =>
    callUpstreamTool(
      client,
      { name },
      {},
      {
        signal: new AbortController().signal,
        timeoutMs,
        mask: (t) => t,
        serviceName: ACCOUNT,
        context: { ...(meta ? { meta } : {}), sendNotification: async () => undefined },
      },
    );

  it('stands still while the person answers a relayed elicitation, restarts on progress, and otherwise cancels upstream', async () => {
    let upstreamCancelled = false;
    const chain = await relayChain(
      { elicitation: { form: {} } },
      // The person takes longer than the bound to answer.
      async () => elapse(600).then(() => ({ action: 'accept', content: { colour: 'olive' } })),
      (server) => {
        server.registerTool('ask', {}, async () => {
          const answer = await server.server.elicitInput({ mode: 'form', message: 'Colour?', requestedSchema: SCHEMA });
          return { content: [{ type: 'text', text: JSON.stringify(answer.content) }] };
        });
        server.registerTool('busy', {}, async (extra) => {
          for (let i = 1; i <= 6; i++) {
            await elapse(100);
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken: extra._meta!.progressToken!, progress: i },
            });
          }
          return { content: [{ type: 'text', text: 'done' }] };
        });
        server.registerTool('stuck', {}, async (extra) => {
          await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve()));
          upstreamCancelled = true;
          return { content: [] };
        });
      },
    );
    try {
      expect(await call(chain.upstreamClient, 'ask', 200)).toEqual({
        content: [{ type: 'text', text: '{"colour":"olive"}' }],
      });
      expect(await call(chain.upstreamClient, 'busy', 250, { progressToken: 'p-1' })).toEqual({
        content: [{ type: 'text', text: 'done' }],
      });
      const timedOut = (await call(chain.upstreamClient, 'stuck', 200).catch((e: unknown) => e)) as McpError;
      expect(timedOut).toBeInstanceOf(McpError);
      expect(timedOut.code).toBe(ErrorCode.RequestTimeout);
      await expect.poll(() => upstreamCancelled).toBe(true);
    } finally {
      await chain.close();
    }
  });
});
