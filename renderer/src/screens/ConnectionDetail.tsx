import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionSummary } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServiceBadge } from '../components/ServiceBadge';
import { StatusPill } from '../components/StatusPill';
import { ToolMatrix } from './ToolMatrix';
import { WhoamiPanel } from './WhoamiPanel';

type View = 'whoami' | 'tools';

/** One connection: who it is (whoami panel), its tools and permissions, sign-in and disconnect. */
export function ConnectionDetail({ id, onRemoved, onBack, onChanged }: { id: string; onRemoved: () => void; onBack: () => void; onChanged: () => Promise<void> }) {
  const [summary, setSummary] = useState<ConnectionSummary | null>(null);
  const [view, setView] = useState<View>('whoami');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  const reload = useCallback(async () => {
    try {
      const list = await call('listConnections', {});
      setSummary(list.connections.find((c) => c.id === id) ?? null);
    } catch (e) {
      setError(asAppError(e));
    }
  }, [id]);
  useEffect(() => void reload(), [reload]);

  const signIn = async () => {
    setError(null);
    setBusy('Waiting for you to finish signing in in your browser…');
    setSigningIn(true);
    try {
      setSummary((await call('signIn', { id })).connection);
      await onChanged();
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(null);
      setSigningIn(false);
    }
  };

  const disconnect = async () => {
    dialog.current?.close();
    setBusy('Disconnecting…');
    try {
      await call('removeConnection', { id });
      await onChanged();
      onRemoved();
    } catch (e) {
      setError(asAppError(e));
      setBusy(null);
    }
  };

  if (!summary) return <p role="status">{error ? error.message : 'Loading…'}</p>;
  return (
    <section aria-labelledby="detail-title">
      <button type="button" className="link-button" onClick={onBack}>
        ← All connections
      </button>
      <div className="detail-head">
        <ServiceBadge service={summary.service} size="lg" />
        <div>
          <ScreenHeading>
            <span id="detail-title">{summary.label}</span>
          </ScreenHeading>
          <p className="muted">
            {summary.serviceName}
            {summary.place ? ` · ${summary.place}` : ''} · <StatusPill state={summary.status.state} reason={summary.status.reason} />
          </p>
        </div>
        <div className="detail-actions">
          {summary.authKind === 'oauth' && (
            <button type="button" className="button" onClick={signIn} disabled={busy !== null}>
              {summary.status.state === 'ok' ? 'Sign in again' : 'Sign in with browser'}
            </button>
          )}
          <button type="button" className="button danger" onClick={() => dialog.current?.showModal()} disabled={busy !== null}>
            Disconnect…
          </button>
        </div>
      </div>
      {busy ? (
        <div className="row">
          <p role="status" className="busy">{busy}</p>
          {signingIn ? (
            <button type="button" className="button secondary" onClick={() => void call('cancelSignIn', { id })}>
              Cancel sign-in
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorBox error={error} />
      <div className="view-switch" role="group" aria-label="Show">
        <button type="button" aria-pressed={view === 'whoami'} onClick={() => setView('whoami')}>
          Who is this
        </button>
        <button type="button" aria-pressed={view === 'tools'} onClick={() => setView('tools')}>
          Tools and permissions
        </button>
      </div>
      {view === 'whoami' ? <WhoamiPanel summary={summary} onChecked={(s) => setSummary(s)} /> : <ToolMatrix id={id} onChanged={reload} />}
      <dialog ref={dialog} className="dialog" aria-labelledby="disconnect-title" aria-describedby="disconnect-text">
        <h2 id="disconnect-title">Disconnect '{summary.label}'?</h2>
        <p id="disconnect-text">
          {summary.authKind === 'oauth' ? 'Bridgekeeper asks the service to revoke its sign-in, then ' : 'Bridgekeeper '}
          deletes the saved {summary.authKind === 'oauth' ? 'sign-in' : 'token'} from your keychain and forgets this connection. Assistants lose its tools at once.
          {summary.authKind === 'token' ? ` The token itself stays valid in ${summary.serviceName}: revoke it there too if you no longer need it.` : ''}
        </p>
        <div className="row end">
          <button type="button" className="button secondary" onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={disconnect}>
            Disconnect
          </button>
        </div>
      </dialog>
    </section>
  );
}
