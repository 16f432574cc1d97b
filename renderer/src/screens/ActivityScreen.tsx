import { type FormEvent, useEffect, useState } from 'react';
import type { ActivityEntry, ConnectionSummary } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { dateTime } from '../format';
import { ActivityExport } from './ActivityExport';

type Outcome = 'allowed' | 'refused' | 'error';
/** The filter the person applied (the form's fields only count after "Apply filter"). */
export type ActivityFilter = { connection?: string; tool?: string; outcome?: Outcome };

/** How often the open screen asks the core for new entries. */
const LIVE_EVERY_MS = 2000;

const TONE: Record<string, string> = { allowed: 'ok', refused: 'warn', error: 'bad' };

function sameEntries(a: ActivityEntry[] | null, b: ActivityEntry[]): boolean {
  return a !== null && a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Activity: what assistants did through Bridgekeeper (the audit log), newest first, in plain words. Live while open
 * (it asks again every two seconds, unless paused), and exportable as JSON or CSV. Never contains secrets.
 */
export function ActivityScreen({ connections }: { connections: ConnectionSummary[] }) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [connection, setConnection] = useState('');
  const [tool, setTool] = useState('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [applied, setApplied] = useState<ActivityFilter>({});
  const [live, setLive] = useState(true);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let active = true;
    let timer: number | undefined;
    const load = () => {
      call('listActivity', { ...applied, limit: 200 })
        .then(
          (reply) => {
            if (!active) return;
            setEntries((previous) => (sameEntries(previous, reply.entries) ? previous : reply.entries));
            setError(null);
          },
          (e: unknown) => {
            if (active) setError(asAppError(e));
          },
        )
        .finally(() => {
          if (active && live) timer = window.setTimeout(load, LIVE_EVERY_MS);
        });
    };
    load();
    return () => {
      active = false;
      window.clearTimeout(timer);
    };
  }, [applied, live]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...(connection ? { connection } : {}), ...(tool ? { tool } : {}), ...(outcome ? { outcome } : {}) });
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
            <option value="refused">Stopped by a rule or a missing permission</option>
            <option value="error">Failed</option>
          </select>
        </div>
        <button type="submit" className="button secondary">
          Apply filter
        </button>
      </form>
      <div className="row between">
        <p className="muted small" data-testid="activity-live">
          {live ? 'Live: new activity shows up here as assistants work.' : 'Paused: the list does not change.'}
        </p>
        <div className="row">
          <button type="button" className="button secondary" aria-pressed={!live} onClick={() => setLive(!live)}>
            Pause live updates
          </button>
          <ActivityExport filter={applied} onError={setError} />
        </div>
      </div>
      <ErrorBox error={error} />
      {entries === null ? (
        <p role="status">Loading…</p>
      ) : entries.length === 0 ? (
        <div className="card empty">
          <p>No activity yet. Once an assistant uses a tool, it shows up here.</p>
        </div>
      ) : (
        <div className="card">
          <table className="table stack-table" data-testid="activity-table">
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
                  <td data-label="When">{dateTime(e.at)}</td>
                  <td data-label="Connection">{e.connection ?? '—'}</td>
                  <td data-label="Tool">
                    {e.tool ? <code>{e.tool}</code> : '—'}
                    {e.access === 'write' ? <span className="kind kind-write">Write</span> : null}
                  </td>
                  <td data-label="Outcome">
                    <span className={`pill pill-${TONE[e.outcome] ?? 'neutral'}`}>{e.outcomeLabel ?? e.outcome}</span>
                  </td>
                  <td data-label="Details" className="small">
                    {e.detail ?? ''}
                    {e.client ? `${e.detail ? ' · ' : ''}by ${e.client}` : ''}
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
