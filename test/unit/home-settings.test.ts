import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientMetadataDocumentUrl } from '../../shared/auth/oauth/client-metadata.js';
import { homeSettingsPath, readHomeSettings, updateHomeSettings } from '../../shared/connections/home-settings.js';
import { InputError } from '../../shared/errors.js';
import { tempDir } from '../helpers/cli.js';

describe('home settings (<home>/settings.json)', () => {
  it('stores the Client ID Metadata Document URL; the variable overrides it; no file means none', async () => {
    const home = tempDir('bk-settings-');
    expect(readHomeSettings(home)).toEqual({ problems: [] });
    expect(clientMetadataDocumentUrl({}, home)).toBeUndefined();
    await updateHomeSettings(home, { clientMetadataUrl: ' https://example.org/bk.json ' });
    expect(clientMetadataDocumentUrl({}, home)).toBe('https://example.org/bk.json');
    expect(
      clientMetadataDocumentUrl({ BRIDGEKEEPER_CLIENT_METADATA_URL: 'https://other.example.org/doc.json' }, home),
    ).toBe('https://other.example.org/doc.json');
    expect(() => clientMetadataDocumentUrl({ BRIDGEKEEPER_CLIENT_METADATA_URL: 'http://x.example/a' }, home)).toThrow(
      InputError,
    );
    expect(fs.statSync(homeSettingsPath(home)).mode & 0o777).toBe(0o600);
    await updateHomeSettings(home, { clientMetadataUrl: null });
    expect(clientMetadataDocumentUrl({}, home)).toBeUndefined();
  });

  it('refuses a URL that is not HTTPS with a path, and changes nothing', async () => {
    const home = tempDir('bk-settings-');
    await updateHomeSettings(home, { clientMetadataUrl: 'https://example.org/bk.json' });
    for (const bad of ['http://example.org/bk.json', 'https://example.org/', 'not a url', 'https://u:p@example.org/x'])
      await expect(updateHomeSettings(home, { clientMetadataUrl: bad })).rejects.toThrow(InputError);
    expect(readHomeSettings(home).clientMetadataUrl).toBe('https://example.org/bk.json');
  });

  it('keeps keys it does not know and ignores (reports) a stored value it cannot read', async () => {
    const home = tempDir('bk-settings-');
    fs.writeFileSync(
      path.join(home, 'settings.json'),
      JSON.stringify({ schemaVersion: 1, clientMetadataUrl: 'ftp://example.org/x', futureKey: { a: 1 } }),
    );
    const read = readHomeSettings(home);
    expect(read.clientMetadataUrl).toBeUndefined();
    expect(read.problems[0]).toMatch(/clientMetadataUrl ignored/);
    expect(clientMetadataDocumentUrl({}, home)).toBeUndefined();
    await updateHomeSettings(home, { clientMetadataUrl: 'https://example.org/bk.json' });
    expect(JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8'))).toEqual({
      schemaVersion: 1,
      clientMetadataUrl: 'https://example.org/bk.json',
      futureKey: { a: 1 },
    });
    fs.writeFileSync(path.join(home, 'settings.json'), '{ not json');
    expect(() => readHomeSettings(home)).toThrow(/not valid JSON/);
  });
});
