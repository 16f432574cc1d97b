import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Connection, ConnectionSchema, type ProviderId } from '../../shared/connections/model.js';
import { InputError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { imboardArgsSchema } from '../../shared/providers/imboard/tool-args.js';
import type { ImboardToolName } from '../../shared/providers/imboard/api-surface.js';
import { getProvider } from '../../shared/providers/registry.js';
import { sessionServicesArgsSchema } from '../../shared/providers/session-services/tool-args.js';
import type { SessionServicesOperationName } from '../../shared/providers/session-services/api-surface.js';
import { MANAGE_TOOLS } from '../../shared/providers/sessionboard/manage-tools.js';
import { READ_TOOLS } from '../../shared/providers/sessionboard/read-tools.js';
import { SESSIONS_WEBSITE_TOOLS } from '../../shared/providers/sessions-website/tools.js';

/** The zod validator each provider checks a tool's arguments with, looked up where the provider keeps it. */
const VALIDATORS: Record<Exclude<ProviderId, 'remote-mcp'>, (tool: string) => z.ZodType | undefined> = {
  sessionboard: (tool) => [...READ_TOOLS, ...MANAGE_TOOLS].find((t) => t.name === tool)?.args,
  'sessions-website': (tool) => SESSIONS_WEBSITE_TOOLS.find((t) => t.name === tool)?.args,
  'session-services': (tool) => sessionServicesArgsSchema(tool as SessionServicesOperationName),
  imboard: (tool) => imboardArgsSchema(tool as ImboardToolName, false),
};

const SECRETS: Record<keyof typeof VALIDATORS, string> = {
  sessionboard: 'sb-opaque-token-for-schema-tests',
  'sessions-website': 'sk_live_schematest0000000000000000',
  'session-services': 'ss_live_schematest000000000000000',
  imboard: 'imb_pat_schematest00000000000000',
};

let closedBaseUrl = '';
beforeAll(async () => {
  // A loopback address nothing listens on: a call that skipped validation fails there as a network error.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connectionOf(provider: keyof typeof VALIDATORS): Connection {
  const now = new Date().toISOString();
  return ConnectionSchema.parse({
    id: 'c_schematest',
    label: 'Schema test',
    provider,
    authKind: 'token',
    baseUrl: closedBaseUrl,
    metadata: {
      ...(provider === 'sessions-website' ? { handle: 'acme' } : {}),
      ...(provider === 'session-services' ? { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' } : {}),
    },
    createdAt: now,
    updatedAt: now,
  });
}

describe("every API tool's input schema is its validator's JSON Schema, and its arguments are checked", () => {
  for (const providerId of Object.keys(VALIDATORS) as Array<keyof typeof VALIDATORS>) {
    it(`${providerId}`, async () => {
      const provider = getProvider(providerId);
      const connection = connectionOf(providerId);
      const tools = provider.tools(connection);
      expect(tools.length).toBeGreaterThan(0);
      for (const tool of tools) {
        const validator = VALIDATORS[providerId](tool.name);
        expect(validator, tool.name).toBeDefined();
        const { $schema: _ignored, ...generated } = z.toJSONSchema(validator!, { io: 'input' }) as Record<
          string,
          unknown
        >;
        expect(tool.inputSchema, tool.name).toEqual({ ...generated, required: generated.required ?? [] });
        expect(tool.inputSchema.additionalProperties, tool.name).toBe(false);
        // An argument the schema does not list is refused before anything is sent.
        const call = provider.callTool(
          { connection, secret: SECRETS[providerId], http: new UpstreamHttpClient({ timeoutMs: 5_000 }) },
          tool.name,
          { notAnArgument: true },
        );
        await expect(call, tool.name).rejects.toBeInstanceOf(InputError);
        await expect(call, tool.name).rejects.toThrow(/notAnArgument|required|Invalid/);
      }
    });
  }
});
