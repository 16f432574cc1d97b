import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionSummary, ErrorFixView, ServiceInfo } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServiceBadge } from '../components/ServiceBadge';
import { StatusPill } from '../components/StatusPill';
import { EditConnection } from './EditConnection';
import { ToolMatrix } from './ToolMatrix';
import { WhoamiPanel } from './WhoamiPanel';

type View = 'whoami' | 'tools';

/** States where the saved token no longer works, so "Replace token" is the way forward. */
const DEAD_TOKEN_STATES = new Set(['revoked', 'expired', 'invalid']);

/** " Tools refused before are tried again: …" after a new token or place (lessons about the old one no longer hold). */
function forgottenText(tools: string[]): string {
  return tools.length > 0
    ? ` Tools the service refused before are offered again (the refusals were about the old token or place): ${tools.join(', ')}.`
    : '';
}

/** One connection: who it is (whoami panel), its tools and permissions, sign-in and disconnect. */
export function ConnectionDetail({
  id,
  onRemoved,
  onBack,
  onChanged,
}: {
  id: string;
  onRemoved: () => void;
  onBack: () => void;
  onChanged: () => Promise<void>;
}) {
  const [summary, setSummary] = useState<ConnectionSummary | null>(null);
  const [view, setView] = useState<View>('whoami');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const [service, setService] = useState<ServiceInfo | null>(null);
  /** The edit form, open (focused on the token field for "Replace token") or closed. */
  const [editing, setEditing] = useState<{ focusToken: boolean } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** Bumped after an edit so the whoami panel asks the service again. */
  const [revision, setRevision] = useState(0);

  const reload = useCallback(async () => {
    try {
      const list = await call('listConnections', {});
      setSummary(list.connections.find((c) => c.id === id) ?? null);
    } catch (e) {
      setError(asAppError(e));
    }
  }, [id]);
  useEffect(() => {
    call('listConnections', {}).then(
      (list) => setSummary(list.connections.find((c) => c.id === id) ?? null),
      (e: unknown) => setError(asAppError(e)),
    );
  }, [id]);
  useEffect(() => {
    if (summary && service?.id !== summary.service) {
      call('listServices', {}).then(
        (r) => setService(r.services.find((x) => x.id === summary.service) ?? null),
        (e) => setError(asAppError(e)),
      );
    }
  }, [summary, service]);

  const openEditor = (focusToken: boolean) => {
    setSaved(null);
    setEditing({ focusToken });
  };

  /** One-click fixes for errors about this saved connection. */
  const applyFix = (fix: ErrorFixView) => {
    if (fix.kind === 'sign_in_again') return void signIn();
    if (fix.kind === 'switch_region') {
      setError(null);
      setBusy(`Checking with ${summary?.serviceName ?? 'the service'}…`);
      call('updateConnection', { id, region: fix.region })
        .then(
          async (result) => {
            setSummary(result.connection);
            const forgotten = [...new Set((result.forgottenRefusals ?? []).map((r) => r.tool))];
            setSaved(
              `Saved: region changed to ${fix.regionLabel}. Rules and tool switches are kept.${forgottenText(forgotten)}`,
            );
            setRevision((r) => r + 1);
            await onChanged();
          },
          (e) => setError(asAppError(e)),
        )
        .finally(() => setBusy(null));
      return;
    }
    openEditor(fix.kind === 'replace_token');
  };

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
            {summary.place ? ` · ${summary.place}` : ''} ·{' '}
            <StatusPill state={summary.status.state} reason={summary.status.reason} />
          </p>
        </div>
        <div className="detail-actions">
          {summary.authKind === 'oauth' && (
            <button type="button" className="button" onClick={signIn} disabled={busy !== null}>
              {summary.status.state === 'ok' ? 'Sign in again' : 'Sign in with browser'}
            </button>
          )}
          {summary.authKind !== 'oauth' && (
            <button
              type="button"
              className="button secondary"
              onClick={() => openEditor(true)}
              disabled={busy !== null || !service}
            >
              Replace token
            </button>
          )}
          <button
            type="button"
            className="button secondary"
            onClick={() => openEditor(false)}
            disabled={busy !== null || !service}
          >
            Edit
          </button>
          <button
            type="button"
            className="button danger"
            onClick={() => dialog.current?.showModal()}
            disabled={busy !== null}
          >
            Disconnect…
          </button>
        </div>
      </div>
      {busy ? (
        <div className="row">
          <p role="status" className="busy">
            {busy}
          </p>
          {signingIn ? (
            <button type="button" className="button secondary" onClick={() => void call('cancelSignIn', { id })}>
              Cancel sign-in
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorBox error={error} onFix={applyFix} />
      {summary.authKind === 'token' && DEAD_TOKEN_STATES.has(summary.status.state) && !editing ? (
        <div className="notice notice-bad" data-testid="dead-token">
          <p>
            {summary.serviceName} no longer accepts this connection&apos;s token. Create a new one there and replace it
            here: rules and tool switches are kept.
          </p>
          <button type="button" className="button" onClick={() => openEditor(true)} disabled={!service}>
            Replace token
          </button>
        </div>
      ) : null}
      {saved ? (
        <p className="notice notice-ok" role="status" data-testid="edit-saved">
          {saved}
        </p>
      ) : null}
      {editing && service ? (
        <EditConnection
          summary={summary}
          service={service}
          focusToken={editing.focusToken}
          onCancel={() => setEditing(null)}
          onSaved={(next, changed, forgotten) => {
            setSummary(next);
            setEditing(null);
            setSaved(
              changed.length > 0
                ? `Saved: ${changed.join(', ')} changed. Rules and tool switches are kept.${forgottenText(forgotten)}`
                : 'Nothing changed.',
            );
            setRevision((r) => r + 1);
            void onChanged();
          }}
        />
      ) : null}
      <div className="view-switch" role="group" aria-label="Show">
        <button type="button" aria-pressed={view === 'whoami'} onClick={() => setView('whoami')}>
          Who is this
        </button>
        <button type="button" aria-pressed={view === 'tools'} onClick={() => setView('tools')}>
          Tools and permissions
        </button>
      </div>
      {view === 'whoami' ? (
        <WhoamiPanel key={revision} summary={summary} onChecked={(s) => setSummary(s)} onFix={applyFix} />
      ) : (
        <ToolMatrix id={id} onChanged={reload} />
      )}
      <dialog ref={dialog} className="dialog" aria-labelledby="disconnect-title" aria-describedby="disconnect-text">
        <h2 id="disconnect-title">Disconnect '{summary.label}'?</h2>
        <p id="disconnect-text">
          {summary.authKind === 'oauth'
            ? 'Bridgekeeper asks the service to revoke its sign-in, then '
            : 'Bridgekeeper '}
          deletes the saved {summary.authKind === 'oauth' ? 'sign-in' : 'token'} from your keychain and forgets this
          connection. Assistants lose its tools at once.
          {summary.authKind === 'token'
            ? ` The token itself stays valid in ${summary.serviceName}: revoke it there too if you no longer need it.`
            : ''}
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
