import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { ensurePrivateDir, withFileLock } from '../util/file-lock.js';
import { readSettingsFile, writeSettingsFile } from './settings-file.js';

/**
 * Settings of the whole Bridgekeeper home that every process reads (app, CLI, and each assistant's gateway, which
 * sees none of the person's shell environment), kept in `<home>/settings.json` next to the connection store:
 * - `clientMetadataUrl`: the Client ID Metadata Document that describes Bridgekeeper (SEP-991), used as OAuth client
 *   id with servers that support it (see `auth/oauth/client-metadata.ts`).
 *
 * Forward compatible like the other home files: unknown keys are kept on write; a known key of a shape this version
 * cannot read is ignored (reported in `problems`), not fatal. Writes are read-modify-write under a cross-process
 * lock, atomic rename, mode 0600.
 */
export interface HomeSettings {
  clientMetadataUrl?: string;
  /** Keys present but unreadable by this version, with why. */
  problems: string[];
}

const FILE_NAME = 'settings.json';
const SCHEMA_VERSION = 1;
const FileSchema = z.looseObject({ schemaVersion: z.literal(SCHEMA_VERSION) });

/** Where the settings live. */
export function homeSettingsPath(home: string): string {
  return path.join(home, FILE_NAME);
}

/**
 * A Client ID Metadata Document URL as the MCP spec requires it: HTTPS with a path. Returns the normalized URL or
 * throws an `InputError` naming `source` (the setting or variable it came from).
 */
export function parseClientMetadataUrl(raw: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.pathname === '/' || url.username || url.password) {
    throw new InputError(
      `${source} is not an HTTPS URL with a path: ${raw}`,
      'Give the address of your Client ID Metadata Document, e.g. https://example.com/bridgekeeper.json.',
    );
  }
  return url.href;
}

function readRaw(home: string): Record<string, unknown> {
  return readSettingsFile(
    homeSettingsPath(home),
    FileSchema,
    { schemaVersion: SCHEMA_VERSION },
    {
      contents: "Bridgekeeper's settings",
      kind: 'settings',
      notJsonFix: 'Fix the file, or delete it and set the settings again (`bridgekeeper settings`).',
    },
  );
}

/** The settings as this version reads them (defaults when there is no file). */
export function readHomeSettings(home: string): HomeSettings {
  const raw = readRaw(home);
  const settings: HomeSettings = { problems: [] };
  if (raw.clientMetadataUrl !== undefined) {
    try {
      if (typeof raw.clientMetadataUrl !== 'string') throw new Error('not a string');
      settings.clientMetadataUrl = parseClientMetadataUrl(raw.clientMetadataUrl, 'clientMetadataUrl');
    } catch (error) {
      settings.problems.push(`clientMetadataUrl ignored: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return settings;
}

/** A change to the settings: a value sets the key, `null` removes it, absent leaves it. */
export interface HomeSettingsChange {
  clientMetadataUrl?: string | null;
}

/** Applies `change` (validated) under the file lock and returns the new settings. */
export async function updateHomeSettings(home: string, change: HomeSettingsChange): Promise<HomeSettings> {
  const clientMetadataUrl =
    typeof change.clientMetadataUrl === 'string'
      ? parseClientMetadataUrl(change.clientMetadataUrl, 'The Client ID Metadata Document URL')
      : change.clientMetadataUrl;
  ensurePrivateDir(home);
  const file = homeSettingsPath(home);
  await withFileLock(file, () => {
    const raw: Record<string, unknown> = { ...readRaw(home), schemaVersion: SCHEMA_VERSION };
    if (clientMetadataUrl === null) delete raw.clientMetadataUrl;
    else if (clientMetadataUrl !== undefined) raw.clientMetadataUrl = clientMetadataUrl;
    writeSettingsFile(file, raw);
  });
  return readHomeSettings(home);
}
