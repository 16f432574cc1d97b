import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TENANT_ID_PATTERN } from '../../shared/providers/session-services/token-facts.js';
import { recognizeToken as recognizeSessionboardToken } from '../../shared/providers/sessionboard/token-shape.js';
import { TOKEN_PREFIXES } from '../../shared/providers/token-facts.js';
import { maskSecret } from '../../shared/secrets/mask.js';
import { redactSecrets } from '../../shared/secrets/redact.js';
import { introspectToken } from '../../shared/use-cases/introspect.js';
import { repoRoot } from '../helpers/cli.js';

/** Every source file of the core, relative to the repository. */
function sharedSources(dir = path.join(repoRoot, 'shared')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sharedSources(full);
    return entry.name.endsWith('.ts') ? [path.relative(repoRoot, full)] : [];
  });
}

describe('token facts: each provider declares its prefixes once, the rest derives from them', () => {
  const sources = sharedSources().map((file) => ({ file, text: fs.readFileSync(path.join(repoRoot, file), 'utf8') }));

  it.each(TOKEN_PREFIXES.map((fact) => [fact.prefix, fact.service]))(
    '%s is written only in shared/providers/%s/token-facts.ts',
    (prefix, service) => {
      expect(sources.filter((s) => s.text.includes(prefix)).map((s) => s.file)).toEqual([
        `shared/providers/${service}/token-facts.ts`,
      ]);
    },
  );

  it('the tenant-id pattern is written only in the Session Services token facts', () => {
    expect(sources.filter((s) => s.text.includes('[a-z0-9]{6,}')).map((s) => s.file)).toEqual([
      'shared/providers/session-services/token-facts.ts',
    ]);
    expect(TENANT_ID_PATTERN.test('tnt_01jqpj2t2kfvmstt6f6tzkbaf2')).toBe(true);
    expect(TENANT_ID_PATTERN.test('tnt_01')).toBe(false);
  });

  it.each(TOKEN_PREFIXES.map((fact) => [fact.prefix, fact]))(
    '%s: masked with its prefix, redacted when a credential, named by other services',
    (prefix, fact) => {
      const token = `${prefix}ABCDEFGHIJKLMNOP1234`;
      expect(maskSecret(token)).toBe(`${prefix}…1234`);
      expect(redactSecrets(`got ${token} back`)).toBe(fact.secret ? `got ${prefix}…1234 back` : `got ${token} back`);
      expect(recognizeSessionboardToken(token)).toMatchObject({
        matches: false,
        warning: expect.stringContaining(`${fact.label} (${prefix}…)`),
      });
      if (fact.introspection)
        expect(introspectToken(token)).toMatchObject({
          kind: fact.introspection.kind,
          kindLabel: fact.label,
          guessedService: fact.service,
          isSecret: fact.secret,
        });
    },
  );
});
