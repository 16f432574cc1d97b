import type { Connection } from '../../connections/model.js';
import type { Principal, Whoami } from '../../providers/types.js';
import { describeExpiry } from './relative-time.js';

const pad = (label: string) => `  ${label.padEnd(10)}  `;
const indent = ' '.repeat(14);

function principalText(p: Principal): string {
  const main = p.name ?? p.email ?? p.id ?? '(unnamed)';
  const extra = [p.name && p.email ? p.email : undefined, p.id && p.id !== main ? p.id : undefined].filter(Boolean);
  return `${p.type} ${main}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function flagsText(flags: Whoami['flags']): string | undefined {
  const out: string[] = [];
  if (flags.tenantOnly) out.push('tenant only (public access)');
  if (flags.boardPinned) out.push('pinned to one board');
  if (flags.legacyToken) out.push('legacy token (all reads, no writes)');
  if (flags.hidePii !== undefined) out.push(flags.hidePii ? 'Hide PII on' : 'Hide PII OFF');
  if (flags.mcpAccess !== undefined) out.push(flags.mcpAccess ? 'MCP access on' : 'MCP access off');
  if (flags.eventRestrictions?.length) out.push(`events: ${flags.eventRestrictions.join(', ')}`);
  return out.length ? out.join('; ') : undefined;
}

/** A readable block describing one connection's whoami, for `bridgekeeper whoami`. */
export function renderWhoamiBlock(connection: Connection, who: Whoami, now: Date = new Date()): string {
  const lines = [`${connection.label} (${connection.id}): ${who.serviceName}`];
  lines.push(`${pad('Host')}${who.host}${who.region ? ` [region ${who.region}]` : ''}`);
  lines.push(`${pad('Acts as')}${principalText(who.principal)}`);
  for (const c of who.context) lines.push(`${pad('Within')}${principalText(c)}`);
  lines.push(`${pad('Token')}${who.tokenKindLabel}${who.maskedToken ? `  ${who.maskedToken}` : ''}`);
  if (who.scopes.length === 0)
    lines.push(
      `${pad('Scopes')}${who.flags.tenantOnly ? 'none (public endpoints only)' : 'not reported by the service'}`,
    );
  const width = Math.max(0, ...who.scopes.map((s) => s.scope.length));
  who.scopes.forEach((s, i) =>
    lines.push(
      `${i === 0 ? pad('Scopes') : indent}${s.scope.padEnd(width)}  ${s.provenance.padEnd(8)}  ${s.description ?? ''}`.trimEnd(),
    ),
  );
  who.missingScopes.forEach((s, i) =>
    lines.push(`${i === 0 ? pad('Missing') : indent}${s.scope}  (learned${s.tool ? ` from ${s.tool}` : ''})`),
  );
  if (who.missingScopes.length > 0)
    lines.push(
      `${indent}granted since? try again: bridgekeeper connections update "${connection.label}" --forget-refusals`,
    );
  lines.push(`${pad('Expires')}${describeExpiry(who.expiresAt, now)}`);
  const flags = flagsText(who.flags);
  if (flags) lines.push(`${pad('Flags')}${flags}`);
  who.notes.forEach((n, i) => lines.push(`${i === 0 ? pad('Notes') : indent}- ${n}`));
  lines.push(`${pad('Checked')}${who.checkedAt}`);
  return lines.join('\n');
}
