import { describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../shared/errors.js';
import { keychainErrorDetail } from '../../shared/secrets/keytar-secret-store.js';
import { maskSecret } from '../../shared/secrets/mask.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { redactSecrets } from '../../shared/secrets/redact.js';
import { allSecretAccounts, secretAccount } from '../../shared/secrets/secret-store.js';

describe('maskSecret', () => {
  it('keeps a known prefix and the last 4 characters', () => {
    expect(maskSecret('imb_pat_0123456789abcdefWXYZ')).toBe('imb_pat_…WXYZ');
    expect(maskSecret('sk_live_aaaaaaaaaaaaaaaa9876')).toBe('sk_live_…9876');
  });
  it('shows 3 characters of an unknown token and the last 4', () => {
    expect(maskSecret('9f8e7d6c5b4a39281706')).toBe('9f8…1706');
  });
  it('shows no tail for short secrets, so most of the secret is never revealed', () => {
    expect(maskSecret('imb_pat_abc12')).toBe('imb_pat_…');
    expect(maskSecret('short')).toBe('sho…');
  });
});

describe('redactSecrets', () => {
  it('masks known secret values and credential-shaped strings anywhere in text', () => {
    const text =
      'failed with x-access-token: sbtok_LIVE_abcdef123456 and Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl and imb_bat_ZZZZZZZZZZZZZZZZ1234';
    const out = redactSecrets(text, ['sbtok_LIVE_abcdef123456']);
    expect(out).not.toContain('sbtok_LIVE_abcdef123456');
    expect(out).not.toContain('c2lnbmF0dXJl');
    expect(out).not.toContain('imb_bat_ZZZZZZZZZZZZZZZZ1234');
    expect(out).toContain('imb_bat_…1234');
  });
  it('redacts JSON-ish credential fields', () => {
    expect(redactSecrets('{"refresh_token":"r-123456789"}')).toBe('{"refresh_token":"[redacted]"}');
  });
});

describe('secret accounts and the in-memory store', () => {
  it('names one account per connection secret and lists them all for wiping', () => {
    expect(secretAccount('c_abc', 'token')).toBe('c_abc:token');
    expect(allSecretAccounts('c_abc')).toEqual(['c_abc:token', 'c_abc:oauth-grant', 'c_abc:oauth-client']);
  });
  it('sets, overwrites, gets and deletes', async () => {
    const store = new MemorySecretStore();
    await store.set('a', '1');
    await store.set('a', '2');
    expect(await store.get('a')).toBe('2');
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeNull();
  });
});

describe('keychain error messages', () => {
  it('explains a missing D-Bus session, a missing Secret Service, a locked keyring and a denial', () => {
    expect(keychainErrorDetail(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))).toMatch(/no D-Bus session/);
    expect(
      keychainErrorDetail(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
    ).toMatch(/no Secret Service/);
    expect(keychainErrorDetail(new Error('Cannot create an item in a locked collection'))).toMatch(/locked/);
    expect(keychainErrorDetail(new Error('User canceled the operation.'))).toMatch(/denied/);
  });
  it('tells Linux users what to install or unlock', () => {
    const error = new KeychainUnavailableError('no D-Bus session is running');
    expect(error.code).toBe('keychain_unavailable');
    expect(`${error.message} ${error.hint}`).toMatch(/gnome-keyring|Secret Service|Keychain Access|Credential Manager/);
  });
});
