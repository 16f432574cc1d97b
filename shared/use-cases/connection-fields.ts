import { assertConnectionUrl } from '../connections/connection-urls.js';
import { InputError } from '../errors.js';
import { normalizeHandle } from '../pasted-input.js';
import { TENANT_ID_EXAMPLE, TENANT_ID_PATTERN, TENANT_ID_PREFIX } from '../providers/session-services/token-facts.js';
import type { ConnectionFieldName, Provider } from '../providers/types.js';

/**
 * The facts a connection needs besides its credential (region, business handle, tenant id, server URL, header
 * name), checked in one place for the CLI (`connections add|update`) and the app (add wizard, edit screen,
 * "Inspect a token"). Which fields a service takes is the provider's own `connectionFields`; what a field looks
 * like, and the words for a value that is missing, malformed or not for this service, live here. The CLI names
 * flags, the app names form fields: one rule, two renderings.
 */

/** Values as typed: CLI options or app request fields (empty strings count as not given). */
export interface ConnectionFieldValues {
  region?: string | undefined;
  handle?: string | undefined;
  tenantId?: string | undefined;
  url?: string | undefined;
  headerName?: string | undefined;
}

/** The checked values: the region, and the rest as connection metadata (`handle`, `tenantId`, `url`, `headerName`). */
export interface ConnectionFields {
  region?: 'us' | 'eu';
  metadata: Record<string, string>;
}

/** How the fields are built. */
export interface ConnectionFieldOptions {
  /** `add` requires every required field of the service; `update` checks only what was given. */
  purpose: 'add' | 'update';
  /** Whose words errors use: the CLI's flags or the app's form fields. */
  wording: 'cli' | 'app';
  /** A base URL override was given (simulators): then a sessions.website handle is not required. */
  baseUrl?: boolean;
}

type Problem = [message: string, hint: string];

interface FieldSpec {
  name: ConnectionFieldName;
  /** The commander flag, e.g. `--handle <handle>`. */
  flag: string;
  /** The CLI help text. */
  help: string;
  /** What a person calls it, for "Sessionboard connections have no business handle". */
  what: string;
  /** Must be given when a connection is added (the region has a default). */
  required: boolean;
  /** The normalized value, or undefined when it is malformed. */
  normalize(raw: string): string | undefined;
  /** Why a malformed (or, in `missing`, absent) value was refused, in each wording. */
  invalid: { cli: string; app: Problem };
  missing?: { cli: Problem };
}

const HANDLE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

/** Every connection field, in the order the CLI lists its flags. */
export const CONNECTION_FIELD_SPECS: readonly FieldSpec[] = [
  {
    name: 'region',
    flag: '--region <region>',
    help: 'us or eu (Sessionboard)',
    what: 'region',
    required: false,
    normalize: (raw) => (raw === 'us' || raw === 'eu' ? raw : undefined),
    invalid: { cli: 'use us or eu', app: ['The region is not valid.', 'Choose US or EU.'] },
  },
  {
    name: 'handle',
    flag: '--handle <handle>',
    help: 'business handle (sessions.website), as in /@<handle>/, or the whole business address',
    what: 'business handle',
    required: true,
    // A pasted business address (https://business.sessions.website/@acme) gives its handle.
    normalize: (raw) => {
      const handle = normalizeHandle(raw);
      return HANDLE.test(handle) ? handle : undefined;
    },
    invalid: {
      cli: 'a handle is letters, digits, - and _',
      app: [
        'The business handle is missing or not valid.',
        'Type the handle from your business address, e.g. "acme" for business.sessions.website/@acme.',
      ],
    },
    missing: {
      cli: [
        'sessions.website needs the business handle.',
        'Pass --handle acme (the part after /@ in your business address, or the whole address).',
      ],
    },
  },
  {
    name: 'tenantId',
    flag: `--tenant <${TENANT_ID_PREFIX}…>`,
    help: 'tenant id (Session Services)',
    what: 'tenant id',
    required: true,
    normalize: (raw) => (TENANT_ID_PATTERN.test(raw) ? raw : undefined),
    invalid: {
      cli: `a tenant id looks like ${TENANT_ID_EXAMPLE}`,
      app: [
        'The tenant id is missing or not valid.',
        `A tenant id looks like ${TENANT_ID_EXAMPLE}; ask your Session Services contact if you do not have it.`,
      ],
    },
    missing: {
      cli: [
        'Session Services needs the tenant id.',
        `Pass --tenant ${TENANT_ID_PREFIX}… (ask your Session Services contact if you do not have it).`,
      ],
    },
  },
  {
    name: 'url',
    flag: '--url <url>',
    help: 'MCP server URL (remote-mcp)',
    what: 'server address',
    required: true,
    // Any text: assertConnectionUrl below says precisely what is wrong with it (not a URL, file:, plain http …).
    normalize: (raw) => raw,
    invalid: {
      cli: 'an MCP server URL starts with https://',
      app: ['The MCP server address is missing.', 'Paste the full https:// address of the MCP server.'],
    },
    missing: { cli: ['A remote MCP connection needs the server URL.', 'Pass --url https://…/mcp.'] },
  },
  {
    name: 'headerName',
    flag: '--header-name <name>',
    help: 'header that carries the token (remote-mcp), default Authorization: Bearer',
    what: 'header name',
    required: false,
    normalize: (raw) => (HEADER_NAME.test(raw) ? raw : undefined),
    invalid: {
      cli: 'a header name is letters, digits and -',
      app: [
        'That is not a header name this connection can use.',
        'A header name is letters, digits and - (e.g. X-Api-Key); leave it empty for Authorization: Bearer.',
      ],
    },
  },
];

/** The CLI flag of a field without its value placeholder, e.g. `--tenant`. */
function flagOf(spec: FieldSpec): string {
  return spec.flag.split(' ')[0]!;
}

/** The error for a required field that was not given. */
function missingProblem(spec: FieldSpec, cli: boolean): InputError {
  return new InputError(...(cli && spec.missing ? spec.missing.cli : spec.invalid.app));
}

/** Services whose connections take a field, for "it is for sessions.website" (the CLI passes every provider). */
function servicesTaking(field: ConnectionFieldName, providers: readonly Provider[]): string {
  return providers
    .filter((p) => p.connectionFields.includes(field))
    .map((p) => p.displayName)
    .join(', ');
}

/**
 * Checks the fields typed for a connection of `provider` and returns them ready to save. In order: every given
 * value has the right form (a pasted business address gives its handle), every given field is one this service
 * takes, and (when adding) every field the service requires is there. The first problem is an `InputError` in the
 * CLI's or the app's words. Nothing here reaches the network, so callers run it before asking for a secret.
 */
export function buildConnectionFields(
  provider: Provider,
  values: ConnectionFieldValues,
  options: ConnectionFieldOptions,
  providers: readonly Provider[] = [],
): ConnectionFields {
  const cli = options.wording === 'cli';
  const given = new Map<FieldSpec, string>();
  for (const spec of CONNECTION_FIELD_SPECS) {
    const raw = values[spec.name]?.trim();
    if (raw === undefined) continue;
    if (!raw) {
      // Cleared on an edit: a field the service requires cannot be emptied; anything else counts as not given.
      if (options.purpose === 'update' && spec.required && provider.connectionFields.includes(spec.name))
        throw missingProblem(spec, cli);
      continue;
    }
    const value = spec.normalize(raw);
    if (value === undefined) {
      if (cli)
        throw new InputError(`Invalid ${flagOf(spec)}: ${spec.invalid.cli}.`, 'See --help for the expected format.');
      throw new InputError(...spec.invalid.app);
    }
    // Credentials go to this address: HTTPS, or plain HTTP only to this computer.
    if (spec.name === 'url') assertConnectionUrl(value, 'server URL');
    given.set(spec, value);
  }
  for (const spec of given.keys()) {
    if (provider.connectionFields.includes(spec.name)) continue;
    if (spec.name === 'region')
      throw new InputError(
        `${provider.displayName} has no regions.`,
        cli ? 'Leave out --region.' : 'Leave the region empty for this service.',
      );
    if (!cli)
      throw new InputError(
        `${provider.displayName} connections have no ${spec.what}.`,
        `Leave the ${spec.what} empty.`,
      );
    const takers = servicesTaking(spec.name, providers);
    throw new InputError(
      `${flagOf(spec)} does not apply to ${provider.displayName} connections.`,
      `Leave out ${flagOf(spec)}${takers ? `; it is for ${takers}` : ''}.`,
    );
  }
  const region = given.get(CONNECTION_FIELD_SPECS[0]!);
  if (region && provider.regions && !provider.regions.some((r) => r.id === region))
    throw new InputError(
      `${provider.displayName} has no region '${region}'.`,
      `Use one of: ${provider.regions.map((r) => r.id).join(', ')}.`,
    );
  if (options.purpose === 'add') {
    for (const spec of CONNECTION_FIELD_SPECS) {
      if (!spec.required || given.has(spec) || !provider.connectionFields.includes(spec.name)) continue;
      if (spec.name === 'handle' && options.baseUrl) continue;
      throw missingProblem(spec, cli);
    }
  }
  const fields: ConnectionFields = { metadata: {} };
  for (const [spec, value] of given) {
    if (spec.name === 'region') fields.region = value as 'us' | 'eu';
    else fields.metadata[spec.name] = value;
  }
  return fields;
}

/** Checked fields as the changes `updateConnection` takes (a field left out stays as it is). */
export function fieldChanges(fields: ConnectionFields): {
  region: 'us' | 'eu' | undefined;
  handle: string | undefined;
  tenantId: string | undefined;
  url: string | undefined;
  headerName: string | undefined;
} {
  const { handle, tenantId, url, headerName } = fields.metadata;
  return { region: fields.region, handle, tenantId, url, headerName };
}
