import type http from 'node:http';
import { type RunningServer, startServer } from '../simulators/sim-server.js';

/**
 * A hand-rolled Streamable-HTTP MCP server (stateless JSON-RPC over POST) whose `tools/call` misbehaves on
 * request: the tool `probe` takes `{ case }` and the server answers that call with the named fault. initialize and
 * tools/list always work, so one connection reaches every case. With `echo`, everything it sends quotes the
 * credential it received (the canary sweep). Test infrastructure only; listens on 127.0.0.1.
 */
export interface FaultUpstream {
  url: string;
  /** Credentials seen, per request (every header value, for the canary and redirect parts). */
  seen: string[];
  close(): Promise<void>;
}

/** Every fault `probe` can be asked for. */
export const FAULT_CASES = [
  'timeout',
  'status-500',
  'status-502',
  'status-503',
  'status-504',
  'status-500-json',
  'status-400',
  'status-401',
  'status-403',
  'status-404',
  '429-no-retry-after',
  '429-retry-after-1',
  '429-retry-after-3600',
  '429-retry-after-date',
  '429-retry-after-garbage',
  'reset-at-once',
  'reset-mid-body',
  'bad-json',
  'json-not-rpc',
  'rpc-wrong-id',
  'result-wrong-shape',
  'empty-200',
  'status-204',
  'html-200',
  'huge-body',
  'slow-body',
  'sse-garbage',
  'sse-bad-json',
  'sse-ends-early',
  'sse-never-answers',
  'sse-other-id',
  'sse-huge-event',
  'rpc-32700',
  'rpc-32600',
  'rpc-32601',
  'rpc-32602',
  'rpc-32603',
  'rpc-32000',
  'rpc-32001',
  'rpc-code-1',
  'rpc-code-string',
  'rpc-error-no-message',
] as const;
export type FaultCase = (typeof FAULT_CASES)[number];

function credentialOf(req: http.IncomingMessage): string {
  const auth = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
  return auth.replace(/^Bearer\s+/i, '');
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sse(res: http.ServerResponse, events: string[], end = true): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) res.write(event);
  if (end) res.end();
}

/** Answers one faulty tools/call. */
function fault(name: string, id: unknown, res: http.ServerResponse, req: http.IncomingMessage): void {
  const ok = { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'fine' }] } };
  const rpcError = (code: unknown, message?: string) =>
    json(res, 200, { jsonrpc: '2.0', id, error: { code, ...(message === undefined ? {} : { message }) } });
  switch (name as FaultCase | 'ok') {
    case 'ok':
      return json(res, 200, ok);
    case 'timeout':
      return void req.socket.setTimeout(0); // never answers; the gateway's call timeout must end it
    case 'status-500':
    case 'status-502':
    case 'status-503':
    case 'status-504':
    case 'status-400':
    case 'status-401':
    case 'status-403':
    case 'status-404': {
      const status = Number(name.slice(-3));
      res.writeHead(status, { 'content-type': 'text/plain' });
      return void res.end(`upstream says ${status}`);
    }
    case 'status-500-json':
      return json(res, 500, { error: { message: 'database on fire' } });
    case '429-no-retry-after':
      return json(res, 429, { error: 'slow down' });
    case '429-retry-after-1':
      return json(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
    case '429-retry-after-3600':
      return json(res, 429, { error: 'slow down' }, { 'retry-after': '3600' });
    case '429-retry-after-date':
      return json(res, 429, { error: 'slow down' }, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
    case '429-retry-after-garbage':
      return json(res, 429, { error: 'slow down' }, { 'retry-after': 'soon-ish' });
    case 'reset-at-once':
      return void req.socket.destroy();
    case 'reset-mid-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jsonrpc":"2.0","id":');
      return void setTimeout(() => req.socket.destroy(), 20);
    case 'bad-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{not json');
    case 'json-not-rpc':
      return json(res, 200, { hello: 'world' });
    case 'rpc-wrong-id':
      return json(res, 200, { ...ok, id: 'someone-else' });
    case 'result-wrong-shape':
      return json(res, 200, { jsonrpc: '2.0', id, result: { content: 5 } });
    case 'empty-200':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end();
    case 'status-204':
      res.writeHead(204);
      return void res.end();
    case 'html-200':
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html>hello</html>');
    case 'huge-body': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(1024 * 1024);
      res.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"`);
      let sent = 0;
      const more = () => {
        while (sent < 64 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('"}]}}');
      };
      return more();
    }
    case 'slow-body': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 200);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'sse-garbage':
      return sse(res, ['this is not sse\n\n', 'data: \n\n', ':comment only\n\n']);
    case 'sse-bad-json':
      return sse(res, ['event: message\ndata: {nope\n\n']);
    case 'sse-ends-early':
      return sse(res, [': ping\n\n']);
    case 'sse-never-answers': {
      sse(res, [': ping\n\n'], false);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(': ping\n\n')), 300);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'sse-other-id':
      return sse(res, [`event: message\ndata: ${JSON.stringify({ ...ok, id: 999_999 })}\n\n`]);
    case 'sse-huge-event':
      return sse(res, [`event: message\ndata: ${'y'.repeat(20 * 1024 * 1024)}\n\n`]);
    case 'rpc-32700':
      return rpcError(-32700, 'Parse error');
    case 'rpc-32600':
      return rpcError(-32600, 'Invalid Request');
    case 'rpc-32601':
      return rpcError(-32601, 'Method not found');
    case 'rpc-32602':
      return rpcError(-32602, 'Invalid params: case');
    case 'rpc-32603':
      return rpcError(-32603, 'Internal error');
    case 'rpc-32000':
      return rpcError(-32000, 'Server error: quota exceeded');
    case 'rpc-32001':
      return rpcError(-32001, 'Request timed out upstream');
    case 'rpc-code-1':
      return rpcError(1, 'Application error one');
    case 'rpc-code-string':
      return rpcError('E_BAD', 'A string code');
    case 'rpc-error-no-message':
      return rpcError(-32099);
    default:
      return json(res, 200, ok);
  }
}

/** What an echoing upstream sends back: the credential in every field an upstream controls. */
function echoed(credential: string, id: unknown, method: string, name: string): unknown {
  const c = credential;
  if (method === 'initialize')
    return {
      jsonrpc: '2.0',
      id,
      result: {
        protocolVersion: '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: `srv-${c}`, version: c, title: c },
        instructions: `Use token ${c}`,
      },
    };
  if (method === 'tools/list') {
    return {
      jsonrpc: '2.0',
      id,
      result: {
        tools: [
          {
            name: 'probe',
            title: `Probe ${c}`,
            description: `Echoes ${c}`,
            inputSchema: {
              type: 'object',
              properties: { case: { type: 'string', description: `case ${c}`, default: c } },
            },
            annotations: { title: c },
            _meta: { token: c },
          },
        ],
      },
    };
  }
  if (name === 'error-result')
    return {
      jsonrpc: '2.0',
      id,
      result: { isError: true, content: [{ type: 'text', text: `failed for ${c}` }], _meta: { c } },
    };
  if (name === 'rpc-error')
    return { jsonrpc: '2.0', id, error: { code: -32000, message: `bad key ${c}`, data: { c } } };
  return {
    jsonrpc: '2.0',
    id,
    result: {
      content: [
        { type: 'text', text: `you are ${c}`, _meta: { c }, annotations: { audience: ['user'] } },
        { type: 'image', data: Buffer.from(c).toString('base64'), mimeType: `image/${c}` },
        {
          type: 'resource_link',
          uri: `https://example.invalid/${c}`,
          name: c,
          title: c,
          description: c,
          mimeType: `text/${c}`,
        },
        {
          type: 'resource',
          resource: { uri: `https://example.invalid/r/${c}`, text: c, mimeType: 'text/plain', _meta: { c } },
        },
      ],
      structuredContent: { token: c, nested: { deeper: [c] } },
      _meta: { token: c },
    },
  };
}

/** Starts the server; `echo` makes every answer quote the credential (and HTTP errors quote it in body and headers). */
export async function startFaultUpstream(options: { echo?: boolean } = {}): Promise<FaultUpstream> {
  const seen: string[] = [];
  const server: RunningServer = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const credential = credentialOf(req);
      seen.push(credential);
      if (req.method === 'GET') return void res.writeHead(405).end();
      if (req.method === 'DELETE') return void res.writeHead(200).end();
      let message: { id?: unknown; method?: string; params?: { name?: string; arguments?: { case?: string } } };
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof message;
      } catch {
        return json(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      }
      const method = message.method ?? '';
      if (message.id === undefined) return void res.writeHead(202).end();
      const name = message.params?.arguments?.case ?? 'ok';
      if (options.echo) {
        if (method === 'tools/call' && name.startsWith('http-')) {
          const status = Number(name.slice(5));
          res.writeHead(status, {
            'content-type': 'application/json',
            'x-echo': credential,
            'www-authenticate': `Bearer error="invalid_token", error_description="${credential}"`,
          });
          return void res.end(
            JSON.stringify({ error: { message: `The key ${credential} is not valid`, token: credential } }),
          );
        }
        return json(res, 200, echoed(credential, message.id, method, name), { 'x-echo': credential });
      }
      if (method === 'initialize')
        return json(res, 200, {
          jsonrpc: '2.0',
          id: message.id,
          result: {
            protocolVersion: '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'fault-upstream', version: '1.0.0' },
          },
        });
      if (method === 'tools/list')
        return json(res, 200, {
          jsonrpc: '2.0',
          id: message.id,
          result: {
            tools: [
              {
                name: 'probe',
                description: 'Answers with the fault named by case.',
                inputSchema: { type: 'object', properties: { case: { type: 'string' } }, required: ['case'] },
              },
            ],
          },
        });
      if (method === 'ping') return json(res, 200, { jsonrpc: '2.0', id: message.id, result: {} });
      if (method !== 'tools/call')
        return json(res, 200, { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
      return fault(name, message.id, res, req);
    });
  });
  return { url: `${server.url}/mcp`, seen, close: () => server.close() };
}
