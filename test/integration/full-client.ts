import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type ClientCapabilities,
  type CreateMessageRequest,
  CreateMessageRequestSchema,
  type ElicitRequest,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type Root,
} from '@modelcontextprotocol/sdk/types.js';
import { gatewayTransport } from '../helpers/wakeups.js';

/** An SDK client advertising roots (with list_changed), sampling and elicitation (form and url), answering them all. */
export interface FullClient {
  client: Client;
  /** Requests the client was asked, in order. */
  sampling: CreateMessageRequest['params'][];
  elicitations: ElicitRequest['params'][];
  rootsAsked: number;
  /** Replaces the client's roots and sends `notifications/roots/list_changed`. */
  setRoots(roots: Root[]): Promise<void>;
  stderr(): string;
  close(): Promise<void>;
}

/** What the client answers to a form elicitation. */
export const FORM_ANSWER = { name: 'Ada Lovelace', check: true, integer: 7 };

function createFullClient(): Omit<FullClient, 'stderr' | 'close'> {
  const client = new Client(
    { name: 'full-capability-client', version: '1.0.0' },
    { capabilities: { roots: { listChanged: true }, sampling: {}, elicitation: { form: {}, url: {} } } },
  );
  let roots: Root[] = [{ uri: 'file:///work/project-a', name: 'Project A' }];
  const state: Omit<FullClient, 'stderr' | 'close'> = {
    client,
    sampling: [],
    elicitations: [],
    rootsAsked: 0,
    setRoots: async (next) => {
      roots = next;
      await client.sendRootsListChanged();
    },
  };
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    state.sampling.push(request.params);
    const first = request.params.messages[0]?.content;
    const prompt = first && !Array.isArray(first) && first.type === 'text' ? first.text : '';
    return {
      model: 'test-model',
      role: 'assistant',
      stopReason: 'endTurn',
      content: { type: 'text', text: `sampled: ${prompt}` },
    };
  });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    state.elicitations.push(request.params);
    if (request.params.mode === 'url') return { action: 'accept' };
    const properties = (request.params.requestedSchema.properties ?? {}) as Record<string, unknown>;
    if ('interpretation' in properties) return { action: 'accept', content: { interpretation: 'historical' } };
    return { action: 'accept', content: FORM_ANSWER };
  });
  client.setRequestHandler(ListRootsRequestSchema, () => {
    state.rootsAsked++;
    return { roots };
  });
  return state;
}

/** The full client connected straight to an MCP server over Streamable HTTP. */
export async function connectDirect(url: string): Promise<FullClient> {
  const state = createFullClient();
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await state.client.connect(transport);
  return Object.assign(state, {
    stderr: () => '',
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
      await state.client.close();
    },
  });
}

/** The full client connected to `bridgekeeper mcp` over real stdio. */
export async function connectThroughGateway(env: Record<string, string>): Promise<FullClient> {
  const state = createFullClient();
  const { transport, stderr } = gatewayTransport(env);
  await state.client.connect(transport);
  return Object.assign(state, { stderr, close: () => state.client.close() });
}

/** A client with only `capabilities` (and no handlers), straight to `url` or through the gateway when `env` is given. */
export async function connectWithCapabilities(
  capabilities: ClientCapabilities,
  target: { url: string } | { env: Record<string, string> },
): Promise<Client> {
  const client = new Client({ name: 'partial-client', version: '1.0.0' }, { capabilities });
  const transport =
    'url' in target ? new StreamableHTTPClientTransport(new URL(target.url)) : gatewayTransport(target.env).transport;
  await client.connect(transport);
  return client;
}
