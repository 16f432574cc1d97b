import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { maskEmails, maskPhones, redactPiiValue } from '../../shared/gateway/pii-redaction.js';
import { apiResult, truncateText, upstreamResult } from '../../shared/gateway/result-shaping.js';
import { buildCatalog } from '../../shared/catalog/tool-catalog.js';
import {
  connectionPrefixes,
  isValidToolName,
  labelSlug,
  namespacedToolName,
  shortHash,
} from '../../shared/catalog/tool-names.js';
import type { UpstreamPool } from '../../shared/catalog/upstream-pool.js';
import { ConnectionSchema } from '../../shared/connections/model.js';

const conn = (id: string, label: string, provider: Connection['provider'] = 'sessionboard') =>
  ({ id, label, provider }) as Connection;

describe('gateway tool names', () => {
  it('builds <provider>_<label>__<tool> names that stay valid and unique', () => {
    expect(labelSlug('Acme EU (prod)')).toBe('acme-eu-prod');
    const prefixes = connectionPrefixes([
      conn('c_aaaaaaaa', 'Acme'),
      conn('c_bbbbbbbb', 'Acme EU'),
      conn('c_cccccccc', 'Acme', 'imboard'),
    ]);
    expect(namespacedToolName(prefixes.get('c_aaaaaaaa')!, 'list_sessions')).toBe('sessionboard_acme__list_sessions');
    expect(prefixes.get('c_bbbbbbbb')).toBe('sessionboard_acme-eu');
    expect(prefixes.get('c_cccccccc')).toBe('imboard_acme');
  });

  it('gives every upstream tool its own gateway name, even when the disambiguated name is taken as well', async () => {
    const connection = ConnectionSchema.parse({
      id: 'c_clash0001',
      label: 'Acme',
      provider: 'remote-mcp',
      authKind: 'none',
      metadata: { url: 'https://mcp.acme.example/mcp' },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    const prefix = 'mcp_acme';
    const toolPart = (full: string) => full.slice(`${prefix}__`.length);
    const fallback = (name: string) =>
      namespacedToolName(prefix, `${name}_${shortHash(`${connection.id}:${name}`, 4)}`);
    // 'x.y' cleans to x_y_<hash>; a tool literally named that clashes and falls back; a third tool is literally named
    // like that fallback, and its own fallback is already some fourth tool's literal name.
    const t1 = 'x.y';
    const t2 = toolPart(namespacedToolName(prefix, t1));
    const t3 = toolPart(fallback(t2));
    const t4 = toolPart(fallback(t3));
    const upstream = [t1, t2, t4, t3].map((name) => ({ name, inputSchema: { type: 'object' as const } }));
    const pool = { tools: async () => upstream } as unknown as UpstreamPool;
    const catalog = await buildCatalog([connection], {
      pool,
      listTimeoutMs: 1_000,
      onLateTools: () => undefined,
      onListFailure: () => undefined,
      onProviderError: () => undefined,
    });
    expect(catalog.list).toHaveLength(4);
    expect(catalog.tools.size).toBe(4);
    const upstreamNames = [...catalog.tools.values()].map((t) => t.definition.name).sort();
    expect(upstreamNames).toEqual([t1, t2, t3, t4].sort());
    expect([...catalog.tools.keys()].every(isValidToolName)).toBe(true);
  });

  it('disambiguates labels that slug the same, or to nothing, with a hash of the connection id', () => {
    const prefixes = connectionPrefixes([
      conn('c_aaaaaaaa', 'Acme EU'),
      conn('c_bbbbbbbb', 'acme-eu'),
      conn('c_cccccccc', '日本'),
    ]);
    const values = [...prefixes.values()];
    expect(new Set(values).size).toBe(3);
    expect(values.every((p) => /^sessionboard_[a-z0-9-]+$/.test(p))).toBe(true);
  });

  it('shortens long names deterministically to at most 64 characters and cleans invalid characters', () => {
    const long = namespacedToolName(
      'sessionboard_an-extremely-long-label-that-go',
      'a_tool_name_that_is_itself_pretty_long_too',
    );
    expect(long.length).toBeLessThanOrEqual(64);
    expect(isValidToolName(long)).toBe(true);
    expect(
      namespacedToolName('sessionboard_an-extremely-long-label-that-go', 'a_tool_name_that_is_itself_pretty_long_too'),
    ).toBe(long);
    const dotted = namespacedToolName('mcp_x', 'export.csv');
    expect(isValidToolName(dotted)).toBe(true);
    expect(dotted).not.toBe(namespacedToolName('mcp_x', 'export_csv'));
  });
});

describe('PII redaction', () => {
  it('masks emails as j***@a***.com and phone numbers as ***-***-4567', () => {
    expect(maskEmails('write to jane.okafor@acme-events.com today')).toBe('write to j***@a***.com today');
    expect(maskPhones('call +1 415-555-4567 or (212) 555-0199')).toBe('call ***-***-4567 or ***-***-0199');
  });

  it('leaves dates, ids, times and amounts alone, and keeps object keys', () => {
    const value = {
      'owner@example.com': 'x',
      when: '2026-09-14T10:00:00Z',
      id: 'ses_1001',
      total: 13650,
      note: 'ticket HJN-7Q2K-91',
      contact: { email: 'sam@example.com' },
    };
    expect(redactPiiValue(value)).toEqual({ ...value, contact: { email: 's***@e***.com' } });
  });
});

describe('result shaping', () => {
  const shape = { redactPii: false, maxBytes: 100_000, knownSecrets: ['imb_pat_supersecretvalue123'] };

  it('truncates at a UTF-8 boundary and says how to get the rest', () => {
    const { text, truncated } = truncateText('é'.repeat(100), 51);
    expect(truncated).toBe(true);
    expect(text.startsWith('é'.repeat(25))).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('Ask for fewer items');
  });

  it('never lets a known secret or a credential-shaped string through to the assistant', () => {
    const result = apiResult(
      { echo: 'token imb_pat_supersecretvalue123', header: 'Authorization: Bearer abcdefghijklmnop' },
      shape,
    );
    const text = (result.content[0] as { text: string }).text;
    expect(text).not.toContain('supersecretvalue123');
    expect(text).not.toContain('abcdefghijklmnop');
  });

  it('redacts PII in upstream text and structured content when asked, keeping isError', () => {
    const result = upstreamResult(
      {
        isError: true,
        content: [{ type: 'text', text: 'jane@acme.com' }],
        structuredContent: { email: 'jane@acme.com' },
      },
      { ...shape, redactPii: true },
    );
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'j***@a***.com' }],
      structuredContent: { email: 'j***@a***.com' },
    });
  });

  it('treats embedded text resources like text: secrets and PII masked, size bounded', () => {
    const secret = 'gmcp_secret_value_0123456789';
    const result = upstreamResult(
      {
        content: [
          { type: 'resource', resource: { uri: 'r://1', text: `jane@acme.com ${secret} ${'x'.repeat(5_000)}` } },
        ],
      },
      { redactPii: true, maxBytes: 1_000, knownSecrets: [secret] },
    );
    const out = JSON.stringify(result);
    expect(out).toContain('j***@a***.com');
    expect(out).not.toContain(secret);
    expect(out).toContain('result truncated');
    expect(Buffer.byteLength(out)).toBeLessThan(2_000);
  });

  it("masks secrets in an item's other fields (uri, name, _meta) but never touches binary data, keeping key order", () => {
    const secret = 'gmcp_secret_value_0123456789';
    const blob = Buffer.from(secret).toString('base64');
    const [link, file] = upstreamResult(
      {
        content: [
          { type: 'resource_link', uri: `https://x.example/?t=${secret}`, name: secret, _meta: { owner: secret } },
          { type: 'resource', resource: { uri: `r://${secret}`, blob, mimeType: 'application/octet-stream' } },
        ],
      },
      { redactPii: false, maxBytes: 10_000, knownSecrets: [secret] },
    ).content;
    expect(JSON.stringify(link)).not.toContain(secret);
    expect(Object.keys(link!)).toEqual(['type', 'uri', 'name', '_meta']);
    expect(file).toMatchObject({ type: 'resource', resource: { blob, mimeType: 'application/octet-stream' } });
    expect(JSON.stringify(file)).not.toContain(`r://${secret}`);
    expect(Object.keys((file as { resource: object }).resource)).toEqual(['uri', 'blob', 'mimeType']);
  });

  it('passes images and binary resources through within their own bound, and leaves out what does not fit, with a note', () => {
    const small = { type: 'image' as const, data: 'A'.repeat(2_000), mimeType: 'image/png' };
    const big = { type: 'image' as const, data: 'B'.repeat(9_000), mimeType: 'image/jpeg' };
    const blob = {
      type: 'resource' as const,
      resource: { uri: 'file://report.pdf', blob: 'C'.repeat(9_000), mimeType: 'application/pdf' },
    };
    const result = upstreamResult(
      { content: [{ type: 'text', text: 'hello' }, small, big, blob] },
      { redactPii: false, maxBytes: 1_000, maxMediaBytes: 5_000, knownSecrets: [] },
    );
    expect(result.content[0]).toEqual({ type: 'text', text: 'hello' });
    expect(result.content[1]).toEqual(small);
    expect(result.content[2]).toEqual({
      type: 'text',
      text: expect.stringMatching(
        /an image \(image\/jpeg\) of 9 kB was left out: images, audio and files in a result are limited to 5 kB together/,
      ),
    });
    expect(result.content[3]).toEqual({
      type: 'text',
      text: expect.stringMatching(/an embedded file \(application\/pdf\) of 9 kB was left out/),
    });
    expect(JSON.stringify(result)).not.toContain('BBBB');
  });
});
