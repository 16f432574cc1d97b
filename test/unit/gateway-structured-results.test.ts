import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { ConnectionSchema } from '../../shared/connections/model.js';
import { toMcpTool, upstreamToolDefinition } from '../../shared/catalog/gateway-tool.js';
import { keepOutputSchemaPromise } from '../../shared/gateway/relay/output-schema.js';
import { upstreamResult } from '../../shared/gateway/result-shaping.js';
import { getProvider } from '../../shared/providers/registry.js';

const shape = { redactPii: false, maxBytes: 10_000, knownSecrets: [] as string[] };
const CONTACT_SCHEMA: NonNullable<Tool['outputSchema']> = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
  required: ['name', 'email'],
};
const contact = (): CallToolResult => ({
  content: [{ type: 'text', text: '{"name":"Jane","email":"jane@acme.com"}' }],
  structuredContent: { name: 'Jane', email: 'jane@acme.com' },
});
/** What the assistant's SDK client checks (the same validator class it uses). */
const clientAccepts = (result: CallToolResult) =>
  result.isError === true || new AjvJsonSchemaValidator().getValidator(CONTACT_SCHEMA)(result.structuredContent).valid;

describe('structured results', () => {
  it('keep structuredContent and _meta, masking known secrets in both', () => {
    const result = upstreamResult(
      {
        content: [],
        structuredContent: { token: 'sk_live_0123456789abcdef' },
        _meta: { 'ui/hint': 'card', echo: 'sk_live_0123456789abcdef' },
      },
      { ...shape, knownSecrets: ['sk_live_0123456789abcdef'] },
    );
    expect(JSON.stringify(result)).not.toContain('sk_live_0123456789abcdef');
    expect(result.structuredContent).toEqual({ token: expect.stringMatching(/cdef$/) });
    expect(result._meta).toMatchObject({ 'ui/hint': 'card' });
  });

  it('bound structuredContent on its own, and a result whose structured form was left out says so', () => {
    const big = { items: Array.from({ length: 300 }, (_, i) => `item ${i} with some text`) };
    const kept = upstreamResult(
      { content: [{ type: 'text', text: JSON.stringify(big) }], structuredContent: big },
      shape,
    );
    expect(kept.structuredContent).toEqual(big);
    const dropped = upstreamResult(
      { content: [{ type: 'text', text: 'summary' }], structuredContent: big },
      { ...shape, maxBytes: 2_000 },
    );
    expect(dropped.structuredContent).toBeUndefined();
    expect(JSON.stringify(dropped.content)).toMatch(/structured form of this result \(\d+ kB\) was left out/);
  });

  it('still validate against the output schema, or become an isError with the text when shaping broke the promise', () => {
    // Untouched: passes as is.
    const plain = keepOutputSchemaPromise(upstreamResult(contact(), shape), contact(), CONTACT_SCHEMA, shape.maxBytes);
    expect(plain).toEqual(contact());
    // Masked email no longer has the email format: text only, marked as an error, the masked data still there.
    const masked = keepOutputSchemaPromise(
      upstreamResult(contact(), { ...shape, redactPii: true }),
      contact(),
      CONTACT_SCHEMA,
      shape.maxBytes,
    );
    expect(masked.isError).toBe(true);
    expect(masked.structuredContent).toBeUndefined();
    expect(JSON.stringify(masked.content)).toContain('j***@a***.com');
    expect(JSON.stringify(masked.content)).toContain("no longer matches the tool's output schema");
    expect(JSON.stringify(masked.content)).not.toContain('jane@acme.com');
    // Masking that keeps the schema valid keeps the structured result.
    const loose = { type: 'object' as const, properties: { email: { type: 'string' as const } } };
    const kept = keepOutputSchemaPromise(
      upstreamResult(contact(), { ...shape, redactPii: true }),
      contact(),
      loose,
      shape.maxBytes,
    );
    expect(kept).toMatchObject({ structuredContent: { email: 'j***@a***.com' } });
    expect(kept.isError).toBeUndefined();
    // Left out for size: an error whose text explains.
    const small = keepOutputSchemaPromise(
      upstreamResult(contact(), { ...shape, maxBytes: 20 }),
      contact(),
      CONTACT_SCHEMA,
      20,
    );
    expect(small.isError).toBe(true);
    for (const result of [plain, masked, small]) expect(clientAccepts(result)).toBe(true);
  });

  it('are listed with the upstream output schema, icons and _meta; tasks are not listed', () => {
    const provider = getProvider('remote-mcp');
    const connection = ConnectionSchema.parse({
      id: 'c_struct001',
      label: 'Acme',
      provider: 'remote-mcp',
      authKind: 'none',
      metadata: { url: 'https://mcp.acme.example/mcp' },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    const upstream: Tool = {
      name: 'find_contact',
      title: 'Find contact',
      inputSchema: { type: 'object', properties: {} },
      outputSchema: CONTACT_SCHEMA,
      icons: [{ src: 'https://acme.example/icon.png', mimeType: 'image/png' }],
      _meta: { 'acme/ui': 'card' },
      annotations: { readOnlyHint: true },
      execution: { taskSupport: 'optional' },
    };
    const listed = toMcpTool(
      {
        definition: upstreamToolDefinition(upstream, provider),
        source: 'mcp',
        upstreamAnnotations: upstream.annotations!,
        upstream,
        name: 'mcp_acme__find_contact',
        connectionId: connection.id,
      },
      connection,
      provider,
    );
    expect(listed).toMatchObject({
      outputSchema: CONTACT_SCHEMA,
      icons: upstream.icons,
      _meta: upstream._meta,
      title: 'Find contact — Acme',
    });
    expect(listed.execution).toBeUndefined();
  });
});
