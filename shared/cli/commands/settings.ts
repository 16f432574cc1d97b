import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { HomeSettings } from '../../connections/home-settings.js';
import { runAction } from '../run-action.js';

/** The settings the CLI knows, by their command-line name. */
const KEYS = ['client-metadata-url'] as const;
type Key = (typeof KEYS)[number];

function assertKey(key: string): asserts key is Key {
  if (!(KEYS as readonly string[]).includes(key))
    throw new InputError(`'${key}' is not a Bridgekeeper setting.`, `Settings: ${KEYS.join(', ')}.`);
}

async function load() {
  const [{ createCore }, settings] = await Promise.all([
    import('../../connections/core.js'),
    import('../../connections/home-settings.js'),
  ]);
  return { home: createCore().home, ...settings };
}

function print(settings: HomeSettings, path: string, json: boolean | undefined): void {
  const override = process.env.BRIDGEKEEPER_CLIENT_METADATA_URL?.trim() || undefined;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ clientMetadataUrl: settings.clientMetadataUrl ?? null, ...(override ? { clientMetadataUrlOverride: override } : {}), problems: settings.problems, file: path }, null, 2)}\n`,
    );
    return;
  }
  const lines = [
    `client-metadata-url  ${settings.clientMetadataUrl ?? '(not set: servers get a client by dynamic registration)'}`,
    ...(override ? [`  BRIDGEKEEPER_CLIENT_METADATA_URL overrides it in this environment: ${override}`] : []),
    ...settings.problems.map((p) => `  ${p}`),
    `(stored in ${path})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Registers `bridgekeeper settings [show] | set <key> <value> | clear <key>`: settings of the whole home that the
 * app, the CLI and every assistant's gateway read (`<home>/settings.json`). Today one: `client-metadata-url`, the
 * Client ID Metadata Document (an HTTPS URL) Bridgekeeper signs in with where a server supports it.
 */
export function registerSettingsCommand(program: Command): void {
  const settings = program
    .command('settings')
    .description("show or change settings every Bridgekeeper process reads (e.g. the OAuth client's metadata URL)");
  settings
    .command('show', { isDefault: true })
    .description('show the settings')
    .option('--json', 'print as JSON')
    .action(
      runAction(async (options: { json?: boolean }) => {
        const { home, readHomeSettings, homeSettingsPath } = await load();
        print(readHomeSettings(home), homeSettingsPath(home), options.json);
      }),
    );
  settings
    .command('set')
    .description('change a setting')
    .argument('<key>', KEYS.join(' | '))
    .argument(
      '<value>',
      'client-metadata-url: the HTTPS address of a Client ID Metadata Document listing Bridgekeeper (its loopback redirect URIs)',
    )
    .action(
      runAction(async (key: string, value: string) => {
        assertKey(key);
        const { home, updateHomeSettings, homeSettingsPath } = await load();
        const next = await updateHomeSettings(home, { clientMetadataUrl: value });
        process.stdout.write(
          `Set client-metadata-url to ${next.clientMetadataUrl}. Sign-ins to servers that support Client ID Metadata Documents now use it as client id (including those a gateway starts).\n`,
        );
        print(next, homeSettingsPath(home), false);
      }),
    );
  settings
    .command('clear')
    .description('remove a setting (back to the default)')
    .argument('<key>', KEYS.join(' | '))
    .action(
      runAction(async (key: string) => {
        assertKey(key);
        const { home, updateHomeSettings } = await load();
        await updateHomeSettings(home, { clientMetadataUrl: null });
        process.stdout.write('Cleared client-metadata-url: servers get a client by dynamic registration again.\n');
      }),
    );
}
