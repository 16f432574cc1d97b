import { describe, expect, it } from 'vitest';
import { introspectToken, TokenIntrospectionSchema } from '../../shared/use-cases/introspect.js';
import { decodeJwtClaimsUnverified, jwtScopes, looksLikeJwt } from '../../shared/util/jwt-claims.js';

const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) =>
  `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('signature-bytes-here').toString('base64url')}`;
const NOW = new Date('2026-11-23T12:00:00Z');
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('introspectToken', () => {
  it.each([
    ['imb_pat_Zx81kLmn0pQr5tUv9wXyAbCd', 'imboard_pat', 'imboard', true, 'imb_pat_'],
    ['imb_bat_Zx81kLmn0pQr5tUv9wXyAbCd', 'imboard_bat', 'imboard', true, 'imb_bat_'],
    ['sk_live_51HxYzAbCdEfGhIjKlMnOp', 'sessions_website_key', 'sessions-website', true, 'sk_live_'],
    ['tnt_01jqpj2t2kfvmstt6f6tzkbaf2', 'session_services_tenant', 'session-services', false, 'tnt_'],
  ] as const)('recognises %s by its prefix', (token, kind, service, isSecret, prefix) => {
    const result = introspectToken(token, NOW);
    expect(result).toMatchObject({ kind, guessedService: service, isSecret });
    expect(JSON.stringify(result)).not.toContain(token.slice(8));
    expect(result.maskedToken).toBe(`${prefix}…${token.slice(-4)}`);
  });

  it('says a tenant id is not a secret and reaches only public endpoints', () => {
    const notes = introspectToken('tnt_01jqpj2t2kfvmstt6f6tzkbaf2', NOW).notes.join(' ');
    expect(notes).toMatch(/not a secret/);
    expect(notes).toMatch(/public endpoints/);
  });

  it('decodes JWT claims, labels them UNVERIFIED and reports expiry in the future', () => {
    const token = jwt({
      sub: 'usr_1',
      iss: 'https://auth.session.services',
      aud: ['api.session.services'],
      scope: 'EVENT ORDER',
      iat: epoch('2026-11-23T11:00:00Z'),
      exp: epoch('2026-11-24T11:00:00Z'),
    });
    const result = introspectToken(token, NOW);
    expect(result.kind).toBe('jwt');
    expect(result.jwt).toMatchObject({
      verified: false,
      algorithm: 'RS256',
      subject: 'usr_1',
      scopes: ['EVENT', 'ORDER'],
      audience: ['api.session.services'],
      issuedAt: '2026-11-23T11:00:00.000Z',
    });
    expect(result).toMatchObject({
      expiresAt: '2026-11-24T11:00:00.000Z',
      expired: false,
      guessedService: 'session-services',
    });
    expect(result.notes[0]).toMatch(/UNVERIFIED/);
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('reports an expired JWT as expired and reads scp arrays', () => {
    const result = introspectToken(
      jwt({ sub: 'u', scp: ['boards:read'], iss: 'https://app.imboard.ai', exp: epoch('2026-11-23T11:59:00Z') }),
      NOW,
    );
    expect(result).toMatchObject({ expired: true, guessedService: 'imboard' });
    expect(result.jwt?.scopes).toEqual(['boards:read']);
    expect(result.notes.join(' ')).toMatch(/has expired/);
  });

  it('guesses Session Services from uppercase permission scopes alone', () => {
    expect(introspectToken(jwt({ scope: 'FULL' }), NOW).guessedService).toBe('session-services');
    expect(introspectToken(jwt({ scope: 'openid email' }), NOW).guessedService).toBeUndefined();
  });

  it('strips a pasted "Bearer " prefix and says so', () => {
    const result = introspectToken('Bearer imb_pat_Zx81kLmn0pQr5tUv9wXyAbCd', NOW);
    expect(result.kind).toBe('imboard_pat');
    expect(result.notes[0]).toMatch(/Bearer/);
  });

  it('calls an unknown string unrecognised and a broken three-part string probably truncated', () => {
    expect(introspectToken('abcdef0123456789abcdef', NOW)).toMatchObject({ kind: 'unknown', isSecret: true });
    expect(introspectToken('abc.def.ghi', NOW).notes.join(' ')).toMatch(/truncated/);
  });

  it('flags a bare prefix as incompletely copied', () => {
    expect(introspectToken('imb_pat_ab', NOW).notes[0]).toMatch(/copied incompletely/);
  });

  it('always returns a result that matches its zod schema', () => {
    for (const t of ['x', 'tnt_abc123', jwt({}), 'imb_bat_0123456789abcdef'])
      expect(TokenIntrospectionSchema.safeParse(introspectToken(t, NOW)).success).toBe(true);
  });
});

describe('JWT claim decoding (unverified)', () => {
  it('recognises only three base64url parts with a JSON header', () => {
    expect(looksLikeJwt(jwt({ a: 1 }))).toBe(true);
    expect(looksLikeJwt('a.b.c')).toBe(false);
    expect(looksLikeJwt('imb_pat_x')).toBe(false);
    expect(decodeJwtClaimsUnverified('eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.sig')).toBeUndefined();
  });

  it('merges scope strings and scp arrays without duplicates', () => {
    expect(jwtScopes({ scope: 'a b', scp: ['b', 'c'] })).toEqual(['a', 'b', 'c']);
  });
});
