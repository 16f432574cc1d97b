import type { Connection } from '../connections/model.js';
import { type ConnectionSummary, ConnectionSummarySchema, type WhoamiView, WhoamiViewSchema } from '../contract.js';
import { getProvider } from '../providers/registry.js';
import type { Whoami } from '../providers/types.js';
import { statusForRenderer } from './renderer-urls.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Where a connection points, in a few words ("@acme", a tenant id, "mcp.example.com", "EU"). */
function placeOf(connection: Connection): string | undefined {
  const { metadata } = connection;
  if (text(metadata.handle)) return `@${String(metadata.handle)}`;
  if (text(metadata.boardName)) return `board ${String(metadata.boardName)}`;
  if (text(metadata.tenantId)) return String(metadata.tenantId);
  if (text(metadata.url)) {
    try {
      return new URL(String(metadata.url)).host;
    } catch {
      return undefined;
    }
  }
  return connection.region ? connection.region.toUpperCase() : undefined;
}

/** A stored connection as the Connections screen shows it. Only non-secret, already-masked facts. */
export function toSummary(connection: Connection): ConnectionSummary {
  const { metadata } = connection;
  return ConnectionSummarySchema.parse({
    id: connection.id,
    label: connection.label,
    service: connection.provider,
    serviceName: getProvider(connection.provider).displayName,
    authKind: connection.authKind,
    region: connection.region,
    place: placeOf(connection),
    target: {
      handle: text(metadata.handle),
      tenantId: text(metadata.tenantId),
      url: text(metadata.url),
      headerName: text(metadata.headerName),
    },
    principalName: text(metadata.principalName),
    principalType: text(metadata.principalType),
    tokenKind: text(metadata.tokenKind),
    maskedToken: text(metadata.maskedToken),
    status: statusForRenderer(connection),
    lastUsedAt: connection.lastUsedAt,
    createdAt: connection.createdAt,
    ...(connection.learnedGaps.length > 0 ? { learnedRefusals: connection.learnedGaps } : {}),
    policies: connection.policies,
  });
}

/** A provider's whoami answer as the whoami panel shows it (unknown keys dropped by the schema). */
export function toWhoamiView(whoami: Whoami): WhoamiView {
  return WhoamiViewSchema.parse({
    ...whoami,
    missingScopes: whoami.missingScopes.map(({ scope, tool }) => ({ scope, ...(tool ? { tool } : {}) })),
  });
}
