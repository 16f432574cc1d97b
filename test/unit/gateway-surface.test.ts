import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { namespacedResourceUri, parseNamespacedResourceUri } from '../../shared/gateway/surface/resource-uris.js';
import {
  maskValue,
  namespaceToolResultUris,
  shapePromptResult,
  shapeReadResult,
} from '../../shared/gateway/surface/surface-shaping.js';
import {
  InstructionsRecorder,
  instructionsCacheFile,
  MAX_INSTRUCTIONS_PER_CONNECTION,
  MAX_INSTRUCTIONS_TOTAL,
  mergeInstructions,
  readCachedInstructions,
} from '../../shared/gateway/surface/upstream-instructions.js';

const shape = { redactPii: false, maxBytes: 1_000, maxMediaBytes: 100, knownSecrets: ['tok_live_abcdefgh1234'] };

describe('gateway resource URIs', () => {
  it('round-trip any upstream URI through a valid bridgekeeper:// URI', () => {
    for (const uri of [
      'demo://resource/dynamic/text/1',
      'file:///home/me/a%20b.txt?x=1#top',
      'https://example.com/a/../b',
      'urn:isbn:0451450523',
      'x',
    ]) {
      const ns = namespacedResourceUri('mcp_acme-1a2b', uri);
      expect(parseNamespacedResourceUri(ns)).toEqual({ prefix: 'mcp_acme-1a2b', uri });
      // A client that normalises it (WHATWG URL) gets what normalising the original gives (here: dot segments).
      if (URL.canParse(uri))
        expect(new URL(ns).toString()).toBe(namespacedResourceUri('mcp_acme-1a2b', new URL(uri).toString()));
    }
  });

  it('namespace templates so that expanding them expands the original behind a literal prefix', () => {
    const template = namespacedResourceUri('mcp_x', 'demo://items/{id}{?fields}');
    const expanded = template.replace('{id}', '42').replace('{?fields}', '?fields=a,b');
    expect(parseNamespacedResourceUri(expanded)).toEqual({ prefix: 'mcp_x', uri: 'demo://items/42?fields=a,b' });
  });

  it('refuse URIs that are not the gateway’s, and accept an upper-cased scheme or host', () => {
    expect(parseNamespacedResourceUri('demo://resource/1')).toBeUndefined();
    expect(parseNamespacedResourceUri('bridgekeeper://mcp_x')).toBeUndefined();
    expect(parseNamespacedResourceUri('bridgekeeper://mcp_x/')).toBeUndefined();
    expect(parseNamespacedResourceUri('bridgekeeper:///demo://x')).toBeUndefined();
    expect(parseNamespacedResourceUri('BRIDGEKEEPER://MCP_X/demo://x')).toEqual({ prefix: 'mcp_x', uri: 'demo://x' });
  });
});

describe('shaping resource contents and prompt messages', () => {
  it('namespaces URIs, masks known secrets, bounds text across contents and leaves out blobs over the media bound', () => {
    const result = shapeReadResult(
      {
        contents: [
          { uri: 'demo://a', mimeType: 'text/plain', text: 'key tok_live_abcdefgh1234 and more' },
          { uri: 'demo://b', mimeType: 'text/plain', text: 'x'.repeat(2_000) },
          { uri: 'demo://c', mimeType: 'image/png', blob: 'A'.repeat(80) },
          { uri: 'demo://d', mimeType: 'image/png', blob: 'B'.repeat(80) },
        ],
      },
      'mcp_x',
      shape,
    );
    const [a, b, c, d] = result.contents as Array<{ uri: string; text?: string; blob?: string; mimeType?: string }>;
    expect(a!.uri).toBe('bridgekeeper://mcp_x/demo://a');
    expect(a!.text).not.toContain('tok_live_abcdefgh1234');
    expect(a!.text).toContain('1234');
    expect(Buffer.byteLength(b!.text!)).toBeLessThan(1_300);
    expect(b!.text).toContain('result truncated');
    expect(c).toMatchObject({ uri: 'bridgekeeper://mcp_x/demo://c', blob: 'A'.repeat(80) });
    expect(d).toMatchObject({ uri: 'bridgekeeper://mcp_x/demo://d', mimeType: 'text/plain' });
    expect(d!.text).toMatch(/left out.*limited to 0 kB/);
  });

  it('masks PII only when the connection redacts it', () => {
    const contents = [{ uri: 'demo://p', text: 'Mail jane.doe@example.com or call 555-123-4567' }];
    expect((shapeReadResult({ contents }, 'mcp_x', shape).contents[0] as { text: string }).text).toContain(
      'jane.doe@example.com',
    );
    const masked = (
      shapeReadResult({ contents }, 'mcp_x', { ...shape, redactPii: true }).contents[0] as { text: string }
    ).text;
    expect(masked).toBe('Mail j***@e***.com or call ***-***-4567');
  });

  it('shapes prompt messages like tool results and namespaces embedded resources and resource links', () => {
    const result = shapePromptResult(
      {
        description: 'For jane.doe@example.com',
        messages: [
          { role: 'user', content: { type: 'text', text: 'Hello jane.doe@example.com' } },
          {
            role: 'user',
            content: { type: 'resource', resource: { uri: 'demo://r/1', text: 'token tok_live_abcdefgh1234' } },
          },
          { role: 'assistant', content: { type: 'resource_link', uri: 'demo://r/2', name: 'two' } },
        ],
      },
      'mcp_x',
      { ...shape, redactPii: true },
    );
    expect(result.description).toBe('For j***@e***.com');
    expect(result.messages[0]!.content).toEqual({ type: 'text', text: 'Hello j***@e***.com' });
    expect(result.messages[1]!.content).toMatchObject({
      type: 'resource',
      resource: { uri: 'bridgekeeper://mcp_x/demo://r/1' },
    });
    expect(JSON.stringify(result)).not.toContain('tok_live_abcdefgh1234');
    expect(result.messages[2]).toEqual({
      role: 'assistant',
      content: { type: 'resource_link', uri: 'bridgekeeper://mcp_x/demo://r/2', name: 'two' },
    });
  });

  it('gives resource links and embedded resources of tool results the gateway URI of the tool’s connection', () => {
    const result = {
      content: [
        { type: 'text' as const, text: 'see' },
        { type: 'resource_link' as const, uri: 'demo://r/1', name: 'one' },
        { type: 'resource' as const, resource: { uri: 'demo://r/2', text: 'two' } },
      ],
      isError: false,
    };
    expect(namespaceToolResultUris(result, 'mcp_acme-1a2b__get_links_with_a_very_long_name_cut_5f3a2b')).toEqual({
      content: [
        { type: 'text', text: 'see' },
        { type: 'resource_link', uri: 'bridgekeeper://mcp_acme-1a2b/demo://r/1', name: 'one' },
        { type: 'resource', resource: { uri: 'bridgekeeper://mcp_acme-1a2b/demo://r/2', text: 'two' } },
      ],
      isError: false,
    });
    expect(namespaceToolResultUris(result, 'no-prefix')).toBe(result);
  });

  it('masks values of any shape (log data, completions)', () => {
    expect(
      maskValue(
        { values: ['tok_live_abcdefgh1234', 'jane.doe@example.com'] },
        { redactPii: true, knownSecrets: shape.knownSecrets },
      ),
    ).toEqual({ values: [expect.not.stringContaining('tok_live_abcdefgh'), 'j***@e***.com'] });
  });
});

describe('upstream instructions', () => {
  const entry = (label: string, text: string) => ({
    connectionId: `id-${label}`,
    label,
    service: 'Remote MCP server',
    prefix: `mcp_${label.toLowerCase()}`,
    text,
  });

  it('are appended labelled with their account and namespace, each and all bounded', () => {
    expect(mergeInstructions('Base.', [])).toBe('Base.');
    const merged = mergeInstructions('Base.', [entry('Acme', 'Use search first.'), entry('Big', 'y'.repeat(5_000))]);
    expect(merged.startsWith('Base.')).toBe(true);
    expect(merged).toContain(
      "## From the MCP server of Remote MCP server account 'Acme' (its tools and prompts are named mcp_acme__<name>, its resources bridgekeeper://mcp_acme/<uri>",
    );
    expect(merged).toContain('Use search first.');
    expect(merged).toContain(`cut by Bridgekeeper: 5000 characters, the limit is ${MAX_INSTRUCTIONS_PER_CONNECTION}`);
    const many = mergeInstructions(
      'Base.',
      Array.from({ length: 10 }, (_, i) => entry(`C${i}`, 'z'.repeat(MAX_INSTRUCTIONS_PER_CONNECTION))),
    );
    expect(many.length).toBeLessThan(MAX_INSTRUCTIONS_TOTAL + 3_000);
  });

  it('are cached across processes, written only on change, and forgotten for connections no longer enabled', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-instr-'));
    const errors: unknown[] = [];
    const recorder = new InstructionsRecorder(home, (e) => errors.push(e));
    expect(readCachedInstructions(home)).toEqual([]);
    recorder.record({ ...entry('Acme', ''), text: 'Use search first.' });
    recorder.record({ ...entry('Beta', ''), text: 'Be nice.' });
    expect(readCachedInstructions(home).map((e) => e.label)).toEqual(['Acme', 'Beta']);
    const written = fs.statSync(instructionsCacheFile(home)).mtimeMs;
    recorder.record({ ...entry('Acme', ''), text: 'Use search first.' });
    expect(fs.statSync(instructionsCacheFile(home)).mtimeMs).toBe(written);
    new InstructionsRecorder(home, (e) => errors.push(e)).retain(new Set(['id-Beta']));
    expect(readCachedInstructions(home).map((e) => e.label)).toEqual(['Beta']);
    recorder.record({ ...entry('Beta', ''), text: undefined });
    fs.writeFileSync(instructionsCacheFile(home), '{ damaged');
    expect(readCachedInstructions(home)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
