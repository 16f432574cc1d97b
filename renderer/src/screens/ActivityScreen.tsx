import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ActivityEntry, ConnectionSummary } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { dateTime } from '../format';

type Outcome = 'allowed' | 'refused' | 'error';

/** Activity: what assistants did through Bridgekeeper (the audit log), newest first. Never contains secrets. */
export function ActivityScreen({ connections }: { connections: ConnectionSummary[] }) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [connection, setConnection] = useState('');
  const [tool, setTool] = useState('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [error, setError] = useState<AppError | null>(null);

  const load = useCallback(async (filter: { connection?: string; tool?: string; outcome?: Outcome }) => {
    try {
      setEntries((await call('listActivity', { ...filter, limit: 200 })).entries);
      setError(null);
    } catch (e) {
      setError(asAppError(e));
    }
  }, []);
  useEffect(() => void load({}), [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    void load({ ...(connection ? { connection } : {}), ...(tool ? { tool } : {}), ...(outcome ? { outcome } : {}) });
  };

  return (
    <section aria-labelledby="activity-title">
      <ScreenHeading intro="Every tool call an assistant made through Bridgekeeper, and what happened. Tokens never appear here.">
        <span id="activity-title">Activity</span>
      </ScreenHeading>
      <form className="card filters" onSubmit={apply} aria-label="Filter activity">
        <div className="field">
          <label htmlFor="filter-connection">Connection</label>
          <select id="filter-connection" value={connection} onChange={(e) => setConnection(e.target.value)}>
            <option value="">All connections</option>
            {connections.map((c) => (
              <option key={c.id} value={c.label}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-tool">Tool name contains</label>
          <input id="filter-tool" value={tool} onChange={(e) => setTool(e.target.value)} placeholder="list_sessions" />
        </div>
        <div className="field">
          <label htmlFor="filter-outcome">Outcome</label>
          <select id="filter-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome | '')}>
            <option value="">Any</option>
            <option value="allowed">Went through</option>
            <option value="refused">Stopped by a rule or a missing scope</option>
            <option value="error">Failed</option>
          </select>
        </div>
        <button type="submit" className="button secondary">
          Apply filter
        </button>
      </form>
      <ErrorBox error={error} />
      {entries === null ? (
        <p role="status">Loading…</p>
      ) : entries.length === 0 ? (
        <div className="card empty">
          <p>No activity yet. Once an assistant uses a tool, it shows up here.</p>
        </div>
      ) : (
        <div className="card">
          <table className="table" data-testid="activity-table">
            <caption className="visually-hidden">Assistant activity, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Connection</th>
                <th scope="col">Tool</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>{dateTime(e.at)}</td>
                  <td>{e.connection ?? '—'}</td>
                  <td>
                    {e.tool ? <code>{e.tool}</code> : '—'}
                    {e.access === 'write' ? <span className="kind kind-write">Write</span> : null}
                  </td>
                  <td>
                    <span
                      className={`pill pill-${e.outcome === 'allowed' ? 'ok' : e.outcome === 'refused' ? 'warn' : e.outcome === 'error' ? 'bad' : 'neutral'}`}
                    >
                      {e.outcome}
                    </span>
                  </td>
                  <td className="small">
                    {e.detail ?? ''}
                    {e.durationMs !== undefined ? <span className="muted"> ({e.durationMs} ms)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
