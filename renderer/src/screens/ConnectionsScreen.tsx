import type { ConnectionSummary } from '../../../shared/contract';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServiceBadge } from '../components/ServiceBadge';
import { StatusPill } from '../components/StatusPill';
import { relativeTime } from '../format';

/** Every connected account: service, label, who it acts as, health and when an assistant last used it. */
export function ConnectionsScreen({
  connections,
  onOpen,
  onAdd,
  firstRun,
  onWelcomed,
}: {
  connections: ConnectionSummary[] | null;
  onOpen: (id: string) => void;
  onAdd: () => void;
  firstRun: boolean;
  onWelcomed: () => void;
}) {
  return (
    <section aria-labelledby="connections-title">
      <ScreenHeading intro="The accounts your AI assistants can reach through Bridgekeeper. Open one to see who it is and what it may do.">
        <span id="connections-title">Connections</span>
      </ScreenHeading>
      {firstRun ? (
        <div className="card welcome" data-testid="welcome">
          <h2>Welcome to Bridgekeeper</h2>
          <ol>
            <li>
              <strong>Add a connection</strong>: an event or business account, with a token or a browser sign-in.
            </li>
            <li>
              <strong>Decide what assistants may do</strong>: read-only mode, which tools are on, asking before changes.
            </li>
            <li>
              <strong>Connect your assistant</strong> (Claude, Cursor, VS Code): it then uses the tools you allowed,
              never your tokens.
            </li>
          </ol>
          <button type="button" className="button secondary" onClick={onWelcomed}>
            Got it
          </button>
        </div>
      ) : null}
      {connections === null ? (
        <p role="status">Loading…</p>
      ) : connections.length === 0 ? (
        <div className="empty card">
          <h2>No connections yet</h2>
          <p>Connect an event or business account, then let your assistant use it.</p>
          <button type="button" className="button" onClick={onAdd}>
            Add your first connection
          </button>
        </div>
      ) : (
        <ul className="connection-list" aria-label="Your connections">
          {connections.map((c) => (
            <li key={c.id} className="card connection-row" data-testid="connection-row">
              <ServiceBadge service={c.service} />
              <div className="connection-main">
                <h2 className="connection-label">{c.label}</h2>
                <p className="muted">
                  {c.serviceName}
                  {c.place ? ` · ${c.place}` : ''}
                  {c.maskedToken
                    ? ` · ${c.maskedToken}`
                    : c.authKind === 'oauth'
                      ? ' · browser sign-in'
                      : c.authKind === 'tenant'
                        ? ' · tenant id only'
                        : ''}
                </p>
              </div>
              <dl className="connection-facts">
                <div>
                  <dt>Acts as</dt>
                  <dd data-testid="principal">{c.principalName ?? '—'}</dd>
                </div>
                <div>
                  <dt>Status</dt>
                  <dd>
                    <StatusPill state={c.status.state} reason={c.status.reason} />
                  </dd>
                </div>
                <div>
                  <dt>Last used</dt>
                  <dd>{relativeTime(c.lastUsedAt)}</dd>
                </div>
              </dl>
              <button
                type="button"
                className="button secondary"
                onClick={() => onOpen(c.id)}
                aria-label={`Open ${c.label}`}
              >
                Open
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
