import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type ClientCapabilities, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { confirmWrite } from '../../shared/gateway/confirm-write.js';

const connection = { id: 'c_1', label: 'Acme', policies: { confirmWrites: true } } as unknown as Connection;
const ask = {
  toolName: 'mcp_acme__delete_item',
  toolTitle: 'Delete item',
  connection,
  argumentNames: ['id'],
  timeoutMs: 5_000,
};

// A real SDK server and client over the SDK's in-memory transport, the client declaring `capabilities`.
async function pair(
  capabilities: ClientCapabilities,
  answer?: { action: 'accept' | 'decline'; content?: Record<string, unknown> },
) {
  const server = new Server({ name: 'gw', version: '1' }, { capabilities: {} });
  const client = new Client({ name: 'assistant', version: '1' }, { capabilities });
  const asked: unknown[] = [];
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params);
      return answer;
    });
  }
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  closers.push(() => client.close());
  return { server, asked };
}
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('confirm-before-write', () => {
  it('asks with a form when the client declares elicitation (empty, as before URL mode, or form)', async () => {
    for (const capabilities of [{ elicitation: {} }, { elicitation: { form: {} } }]) {
      const { server, asked } = await pair(capabilities, { action: 'accept', content: { confirm: true } });
      expect(await confirmWrite(server, ask)).toEqual({ confirmed: true });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        mode: 'form',
        message: expect.stringContaining('Allow "Delete item" on \'Acme\' with id?'),
      });
    }
  });

  it('refuses with instructions, without asking, when the client can only do URL-mode elicitation or none', async () => {
    for (const capabilities of [{ elicitation: { url: {} } }, {}]) {
      // (The SDK client refuses an elicitation handler it did not declare.)
      const { server, asked } = await pair(
        capabilities,
        'elicitation' in capabilities ? { action: 'accept', content: { confirm: true } } : undefined,
      );
      const outcome = await confirmWrite(server, ask);
      expect(outcome).toMatchObject({
        confirmed: false,
        reason: 'policy_confirm_unsupported',
        text: expect.stringContaining('change this rule themselves in the Bridgekeeper app'),
      });
      expect(asked).toHaveLength(0);
    }
  });

  it('refuses when the person declines or leaves the box unticked', async () => {
    const declined = await pair({ elicitation: {} }, { action: 'decline' });
    expect(await confirmWrite(declined.server, ask)).toMatchObject({
      confirmed: false,
      reason: 'policy_confirm_declined',
      text: expect.stringContaining('(decline)'),
    });
    const unticked = await pair({ elicitation: {} }, { action: 'accept', content: { confirm: false } });
    expect(await confirmWrite(unticked.server, ask)).toMatchObject({
      confirmed: false,
      text: expect.stringContaining('left unticked'),
    });
  });
});
