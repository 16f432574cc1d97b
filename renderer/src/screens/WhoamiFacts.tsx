import { type ReactNode, useEffect, useState } from 'react';
import type { WhoamiView } from '../../../shared/contract';
import { expiryCountdown } from '../format';

const PROVENANCE: Record<WhoamiView['scopes'][number]['provenance'], string> = {
  server: 'reported by the service',
  declared: 'declared by you, not confirmed by the service (predicts, never refuses)',
  learned: 'learned from a refusal',
  expected: 'expected, not confirmed by the service',
};

const TYPE: Record<string, string> = {
  user: 'Person',
  org: 'Organization',
  business: 'Business',
  board: 'Board',
  tenant: 'Tenant',
  service: 'Token',
};

function who(p: WhoamiView['principal']): string {
  return (
    [p.name, p.email && p.email !== p.name ? p.email : undefined].filter(Boolean).join(' · ') ||
    p.id ||
    TYPE[p.type] ||
    p.type
  );
}

/** Flags in plain words. Each has an explanation beside it. */
function flagRows(flags: WhoamiView['flags']): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (flags.hidePii !== undefined)
    rows.push([
      'Hide PII',
      flags.hidePii
        ? 'On: emails and phone numbers come back masked (recommended).'
        : 'Off: personal data (emails, phone numbers) comes back in full.',
    ]);
  if (flags.legacyToken) rows.push(['Legacy token', 'No scopes listed: it can read everything and write nothing.']);
  if (flags.boardPinned)
    rows.push(['Board-pinned', 'Works on one board only; other boards look like they do not exist.']);
  if (flags.mcpAccess !== undefined)
    rows.push([
      'MCP access',
      flags.mcpAccess
        ? "On: the service's own MCP server accepts this token."
        : "Off: the service's own MCP server refuses this token (403). Bridgekeeper's API tools do not need it.",
    ]);
  if (flags.tenantOnly)
    rows.push(['Tenant id only', 'No token: only public data (events, admissions, venues) can be read.']);
  if (flags.eventRestrictions?.length) rows.push(['Event restrictions', flags.eventRestrictions.join(', ')]);
  return rows;
}

/** Everything a whoami answer says: identity, token, expiry (with a countdown), scopes with provenance, flags, notes. */
export function WhoamiFacts({
  whoami,
  afterScopes,
}: {
  whoami: WhoamiView;
  /** Shown right after the scopes (the saved connection's learned refusals and their action). */
  afterScopes?: ReactNode;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const expiry = expiryCountdown(whoami.expiresAt, now);
  const flags = flagRows(whoami.flags);
  return (
    <div className="whoami">
      <dl className="facts">
        <div>
          <dt>Acts as</dt>
          <dd data-testid="whoami-principal">
            {who(whoami.principal)}{' '}
            <span className="muted">
              (
              {whoami.principal.type === 'service' ? 'Service' : (TYPE[whoami.principal.type] ?? whoami.principal.type)}
              )
            </span>
          </dd>
        </div>
        {whoami.context.map((c, i) => (
          <div key={`${c.type}-${i}`}>
            <dt>{TYPE[c.type] ?? c.type}</dt>
            <dd>{who(c)}</dd>
          </div>
        ))}
        <div>
          <dt>Service</dt>
          <dd>
            {whoami.serviceName} <span className="muted">({whoami.host})</span>
          </dd>
        </div>
        {whoami.region ? (
          <div>
            <dt>Region</dt>
            <dd data-testid="whoami-region">{whoami.region.toUpperCase()}</dd>
          </div>
        ) : null}
        <div>
          <dt>Credential</dt>
          <dd data-testid="whoami-token">
            {whoami.tokenKindLabel}
            {whoami.maskedToken ? <code className="masked">{whoami.maskedToken}</code> : null}
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd data-testid="whoami-expiry" className={expiry.warn ? 'warn-text' : undefined}>
            {expiry.warn ? <span aria-hidden="true">⚠ </span> : null}
            {expiry.text}
            {expiry.warn && !expiry.expired ? <span className="visually-hidden"> (expires within 7 days)</span> : null}
          </dd>
        </div>
      </dl>
      {expiry.warn ? (
        <p className="notice notice-warn" role="note">
          {expiry.expired ? 'This credential has expired.' : 'This credential expires in less than 7 days.'} Create a
          new one in {whoami.serviceName} and add it again before it stops working.
        </p>
      ) : null}
      <h3>What it may do</h3>
      {whoami.scopes.length === 0 ? (
        <p className="muted">The service did not report any scopes (permissions) for this credential.</p>
      ) : (
        <table className="table" data-testid="whoami-scopes">
          <caption className="visually-hidden">Scopes (permissions) of this credential</caption>
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">What it allows</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {whoami.scopes.map((s) => (
              <tr key={s.scope}>
                <td>
                  <code>{s.scope}</code>
                </td>
                <td>{s.description ?? '—'}</td>
                <td className="muted">{PROVENANCE[s.provenance]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {whoami.missingScopes.length > 0 ? (
        <p className="notice notice-warn">
          The service refused these before:{' '}
          {whoami.missingScopes.map((m) => `${m.scope}${m.tool ? ` (needed by ${m.tool})` : ''}`).join(', ')}.
        </p>
      ) : null}
      {afterScopes}
      {flags.length > 0 ? (
        <>
          <h3>Settings on this credential</h3>
          <dl className="facts" data-testid="whoami-flags">
            {flags.map(([name, text]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {whoami.notes.length > 0 ? (
        <ul className="notes">
          {whoami.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
