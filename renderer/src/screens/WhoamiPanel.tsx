import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionSummary, ErrorFixView, WhoamiView } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { dateTime } from '../format';
import { LearnedRefusals } from './LearnedRefusals';
import { WhoamiFacts } from './WhoamiFacts';

/** The answer without the refusals learned from calls (the "Try these tools again" notice lists those). */
function withoutLearned(whoami: WhoamiView, summary: ConnectionSummary): WhoamiView {
  const learned = summary.learnedRefusals ?? [];
  const isLearned = (m: WhoamiView['missingScopes'][number]) =>
    learned.some((l) => l.scope === m.scope && l.tool === m.tool);
  return { ...whoami, missingScopes: whoami.missingScopes.filter((m) => !isLearned(m)) };
}

/** The whoami panel for a saved connection: asks the service live on open and on "Check again". */
export function WhoamiPanel({
  summary,
  onChecked,
  onFix,
}: {
  summary: ConnectionSummary;
  onChecked: (s: ConnectionSummary) => void;
  /** Applies an error's one-click fix (replace the token, switch region …). */
  onFix?: ((fix: ErrorFixView) => void) | undefined;
}) {
  const [whoami, setWhoami] = useState<WhoamiView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const canCheck = !(summary.authKind === 'oauth' && summary.status.state === 'needs_sign_in');
  const [checking, setChecking] = useState(canCheck);
  // The parent's latest callback, without making every parent render start a new live check.
  const onCheckedRef = useRef(onChecked);
  useEffect(() => {
    onCheckedRef.current = onChecked;
  }, [onChecked]);

  /** Asks the service who the token is; the answer (or the failure) is stored when it arrives. */
  const runCheck = useCallback(
    () =>
      call('checkConnection', { id: summary.id })
        .then(
          (result) => {
            setError(null);
            setWhoami(result.whoami);
            onCheckedRef.current(result.connection);
          },
          (e: unknown) => {
            setError(asAppError(e));
            // The failed check updated the saved status (e.g. Revoked): show it in the header too.
            call('listConnections', {}).then(
              (r) => {
                const fresh = r.connections.find((c) => c.id === summary.id);
                if (fresh) onCheckedRef.current(fresh);
              },
              () => undefined,
            );
          },
        )
        .finally(() => setChecking(false)),
    [summary.id],
  );
  const check = () => {
    setChecking(true);
    setError(null);
    void runCheck();
  };

  // On open (and once signing in makes a check possible): "checking" starts true, so nothing is set synchronously here.
  useEffect(() => {
    if (canCheck) void runCheck();
  }, [runCheck, canCheck]);

  // Refusals learned from calls, with "Try these tools again"; in the facts when the service answered, else alone.
  const refusals = (
    <LearnedRefusals
      summary={summary}
      onForgotten={(next, forgotten) => {
        onCheckedRef.current(next);
        const gone = (m: WhoamiView['missingScopes'][number]) =>
          forgotten.some((f) => f.scope === m.scope && f.tool === m.tool);
        setWhoami((w) => (w ? { ...w, missingScopes: w.missingScopes.filter((m) => !gone(m)) } : w));
      }}
    />
  );

  return (
    <div className="card" data-testid="whoami-panel">
      <div className="row between">
        <h2>Who this connection is</h2>
        <button type="button" className="button secondary" onClick={check} disabled={checking || !canCheck}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {!canCheck && (
        <p className="notice">Sign in with your browser first; then Bridgekeeper can ask the service who you are.</p>
      )}
      <ErrorBox error={error} title="The service did not confirm this connection" onFix={onFix} />
      {whoami ? (
        <WhoamiFacts whoami={withoutLearned(whoami, summary)} afterScopes={refusals} />
      ) : checking ? (
        <p role="status">Asking {summary.serviceName}…</p>
      ) : null}
      {whoami ? <p className="muted small">Checked {dateTime(whoami.checkedAt)}.</p> : refusals}
    </div>
  );
}
