import { describe, expect, it } from 'vitest';
import { appWords } from '../../shared/app/app-guidance.js';
import { toErrorPayload } from '../../shared/app/error-payload.js';
import { detectOtherService, validateTokenShape } from '../../shared/use-cases/token-input.js';
import { DuplicateLabelError, InputError, SecretMissingError, UpstreamError, freeLabel } from '../../shared/errors.js';
import { normalizeHandle, normalizePastedToken } from '../../shared/pasted-input.js';
import { getProvider } from '../../shared/providers/registry.js';

/** CLI wording the app must never show: commands and flags. */
const CLI_WORDS = /`bridgekeeper|\bbridgekeeper (connections|login|whoami|tools|install)\b|(^|\s|\()--[a-z]/;

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('pasted input', () => {
  it('drops a Bearer scheme and surrounding whitespace from a token, nothing else', () => {
    expect(normalizePastedToken('  Bearer imb_pat_abcdefgh12345678\n')).toBe('imb_pat_abcdefgh12345678');
    expect(normalizePastedToken('bearer   sk_live_x')).toBe('sk_live_x');
    expect(normalizePastedToken('\tsk_live_abc  ')).toBe('sk_live_abc');
    expect(normalizePastedToken('Bearerish_token')).toBe('Bearerish_token');
  });

  it('takes the handle out of a pasted sessions.website business address', () => {
    expect(normalizeHandle('https://business.sessions.website/@acme-yoga')).toBe('acme-yoga');
    expect(normalizeHandle('business.sessions.website/@acme-yoga/settings?tab=keys')).toBe('acme-yoga');
    expect(normalizeHandle('  @acme_yoga ')).toBe('acme_yoga');
    expect(normalizeHandle('acme')).toBe('acme');
    expect(normalizeHandle('https://example.com/acme')).toBe('https://example.com/acme');
  });

  it('accepts a token pasted with "Bearer " and returns it without', () => {
    const token = validateTokenShape(getProvider('imboard'), 'Bearer imb_pat_abcdefgh12345678 ');
    expect(token).toBe('imb_pat_abcdefgh12345678');
  });
});

describe('one message, two renderings', () => {
  it('names the service a distinctive token belongs to: CLI words in the hint, a one-click fix for the app', () => {
    const error = inputErrorOf(() => validateTokenShape(getProvider('sessionboard'), 'imb_pat_abcdefgh12345678'));
    expect(error.fix).toEqual({ kind: 'use_service', service: 'imboard', serviceName: "I'mBoard" });
    expect(error.hint).toContain('bridgekeeper connections add imboard');
    const payload = toErrorPayload(error);
    expect(payload.fix).toEqual(error.fix);
    expect(payload.hint).toBe('Choose "Use I\'mBoard instead": the token stays filled in.');
    expect(payload.hint).not.toMatch(CLI_WORDS);
  });

  it('never guesses a service from a length or a JWT shape', () => {
    expect(detectOtherService(getProvider('imboard'), 'x'.repeat(40))?.id).toBeUndefined();
    expect(
      detectOtherService(getProvider('sessions-website'), 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')?.id,
    ).toBeUndefined();
    expect(detectOtherService(getProvider('imboard'), 'sk_live_abcdefghijklmnopqrstuv')?.id).toBe('sessions-website');
  });

  it('offers "Save anyway" instead of --force when no other service is recognised', () => {
    const error = inputErrorOf(() => validateTokenShape(getProvider('sessions-website'), 'abcdefghijklmnopqrstuvwxyz'));
    expect(error.hint).toContain('--force');
    const payload = toErrorPayload(error);
    expect(payload.fix).toEqual({ kind: 'save_anyway' });
    expect(payload.hint).toContain('"Save anyway"');
    expect(payload.hint).not.toMatch(CLI_WORDS);
  });

  it('suggests a free name for a duplicate label', () => {
    expect(freeLabel('Acme', ['Acme', 'acme (2)'])).toBe('Acme (3)');
    expect(freeLabel('x'.repeat(64), ['x'.repeat(64)])).toHaveLength(64);
    const payload = toErrorPayload(new DuplicateLabelError('Acme', ['Acme']));
    expect(payload.fix).toEqual({ kind: 'pick_another_name', label: 'Acme', suggestion: 'Acme (2)' });
    expect(payload.hint).toBe('Type another name, or choose "Use \'Acme (2)\'".');
    expect(new DuplicateLabelError('Acme').hint).toContain('--label');
  });

  it('turns a wrong-region refusal into "Switch to EU" for the app and keeps --region for the CLI', () => {
    const error = new UpstreamError(
      'wrong_region',
      "This token belongs to Sessionboard's EU region.",
      'Choose region EU (--region eu) when adding the connection.',
      {
        fix: { kind: 'switch_region', region: 'eu', regionLabel: 'EU' },
      },
    );
    const payload = toErrorPayload(error);
    expect(payload.hint).toBe('Choose "Switch to EU" to connect there instead.');
    expect(payload.fix).toEqual({ kind: 'switch_region', region: 'eu', regionLabel: 'EU' });
  });

  it('keeps where to get a new token and names "Replace token" for a refused or missing credential', () => {
    const revoked = new UpstreamError(
      'revoked',
      'Sessionboard says this token was revoked.',
      'Generate a new token in Sessionboard Organization Settings → API Tokens, then add it again with `bridgekeeper connections add sessionboard`.',
    );
    const payload = toErrorPayload(revoked);
    expect(payload.fix).toEqual({ kind: 'replace_token' });
    expect(payload.hint).toBe(
      'Generate a new token in Sessionboard Organization Settings → API Tokens, then choose "Replace token".',
    );
    const missing = toErrorPayload(new SecretMissingError('Acme'));
    expect(missing.fix).toEqual({ kind: 'replace_token' });
    expect(missing.hint).not.toMatch(CLI_WORDS);
  });

  it('rewrites every CLI command and flag the core hints use into screens, buttons and field names', () => {
    const hints = [
      'Add it again with `bridgekeeper connections add sessions-website --handle <handle> --label … --token-stdin`.',
      'Run `bridgekeeper login "Acme"` to sign in again.',
      'Run `bridgekeeper connections list` to see your connections.',
      'Pick another --label, or remove the existing connection first.',
      'Use one of: us, eu. Leave out --region.',
      'Re-add it with `bridgekeeper connections add remote-mcp --url https://…/mcp`.',
      'Check it with `bridgekeeper whoami Acme`, then see `bridgekeeper tools Acme`.',
      'Give the business --handle for sessions.website.',
    ];
    for (const hint of hints) expect(appWords(hint, undefined), hint).not.toMatch(CLI_WORDS);
    expect(appWords('Run `bridgekeeper login "Acme"` to sign in again.', undefined)).toBe(
      'Choose "Sign in with browser" to sign in again.',
    );
  });
});
