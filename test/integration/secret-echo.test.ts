import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// An upstream that quotes the credential it was sent back in its error bodies, with a token that has no recognisable
// shape (no prefix, not a JWT): only redaction against the exact known secret can keep it out of what Bridgekeeper
// stores and prints.
const TOKEN = 'opaqueQuotedBack7Kx2Pq9Zr4';
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const sent = String(req.headers['x-api-key'] ?? '');
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `The key ${sent} is not valid for this server` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a credential an upstream quotes back', () => {
  it('never reaches the CLI output or the store', async () => {
    const home = tempDir('bk-echo-');
    const env = { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_KEYCHAIN_SERVICE: `bk-echo-${process.pid}` };
    const args = [
      'connections',
      'add',
      'remote-mcp',
      '--label',
      'Echo',
      '--url',
      url,
      '--header-name',
      'x-api-key',
      '--token-stdin',
    ];

    // The live check fails with the upstream's words, which contain the token.
    const refused = await runCli(args, { env, input: TOKEN });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refused the credential/);
    expect(refused.stderr).toMatch(/The key \S+ is not valid/);
    expect(refused.stdout + refused.stderr).not.toContain(TOKEN);

    // Saved without the check, then checked: the failure is recorded in the store and shown by every command.
    expect((await runCli([...args, '--offline'], { env, input: TOKEN })).code).toBe(0);
    const whoami = await runCli(['whoami', 'Echo'], { env });
    expect(whoami.stdout + whoami.stderr).toMatch(/The key \S+ is not valid/);
    const listed = await runCli(['connections', 'list', '--json'], { env });
    const table = await runCli(['connections', 'list'], { env });
    const json = await runCli(['whoami', '--json'], { env });
    for (const out of [whoami, listed, table, json]) expect(out.stdout + out.stderr).not.toContain(TOKEN);
    const stored = fs.readFileSync(path.join(home, 'connections.json'), 'utf8');
    expect(stored).toMatch(/"state": ?"invalid"/);
    expect(stored).not.toContain(TOKEN);
    await runCli(['connections', 'remove', 'Echo'], { env });
  });
});
