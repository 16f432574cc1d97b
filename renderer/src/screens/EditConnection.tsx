import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ConnectionSummary, ErrorFixView, RequestOf, ServiceInfo } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { SecretField } from '../components/SecretField';
import { TargetFields, type TargetValues } from './TargetFields';

/** The form's values; the request carries only what differs from the saved connection. */
interface Draft {
  label: string;
  token: string;
  target: TargetValues;
  headerName: string;
}

/**
 * Edit a saved connection: new name, region, handle, tenant id, server address or header, and replace or rotate
 * the token. The service checks a new token before it replaces the old one; rules and history are kept.
 */
export function EditConnection({
  summary,
  service,
  focusToken,
  onSaved,
  onCancel,
}: {
  summary: ConnectionSummary;
  service: ServiceInfo;
  focusToken: boolean;
  /** `forgotten`: tools the service refused before, tried again from now on (the token or place changed). */
  onSaved: (s: ConnectionSummary, changed: string[], forgotten: string[]) => void;
  onCancel: () => void;
}) {
  const saved: Draft = {
    label: summary.label,
    token: '',
    target: {
      region: summary.region ?? service.regions[0]?.id,
      handle: summary.target?.handle,
      tenantId: summary.target?.tenantId,
      url: summary.target?.url,
    },
    headerName: summary.target?.headerName ?? '',
  };
  const [draft, setDraft] = useState<Draft>(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  const labelField = useRef<HTMLInputElement>(null);
  const usesToken = summary.authKind !== 'oauth';

  useEffect(() => {
    (focusToken && usesToken ? tokenField : labelField).current?.focus();
  }, [focusToken, usesToken]);

  const save = async (next: Draft, force = false) => {
    const request: RequestOf<'updateConnection'> = { id: summary.id };
    if (next.label.trim() !== summary.label) request.label = next.label.trim();
    if (next.token.trim()) request.token = next.token;
    if (
      next.target.region &&
      service.regions.length > 0 &&
      next.target.region !== (summary.region ?? service.regions[0]?.id)
    )
      request.region = next.target.region;
    if ((next.target.handle ?? '') !== (summary.target?.handle ?? '')) request.handle = next.target.handle ?? '';
    if ((next.target.tenantId ?? '') !== (summary.target?.tenantId ?? ''))
      request.tenantId = next.target.tenantId ?? '';
    if ((next.target.url ?? '') !== (summary.target?.url ?? '')) request.url = next.target.url ?? '';
    if (next.headerName.trim() && next.headerName.trim() !== (summary.target?.headerName ?? ''))
      request.headerName = next.headerName.trim();
    if (force) request.force = true;
    setError(null);
    setBusy(true);
    try {
      const result = await call('updateConnection', request);
      setDraft({ ...next, token: '' });
      onSaved(result.connection, result.changed, [...new Set((result.forgottenRefusals ?? []).map((r) => r.tool))]);
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };

  const applyFix = (fix: ErrorFixView) => {
    switch (fix.kind) {
      case 'switch_region': {
        const next = { ...draft, target: { ...draft.target, region: fix.region } };
        setDraft(next);
        void save(next);
        return;
      }
      case 'pick_another_name': {
        const next = { ...draft, label: fix.suggestion };
        setDraft(next);
        void save(next);
        return;
      }
      case 'save_anyway':
        void save(draft, true);
        return;
      default:
        setError(null);
        setDraft({ ...draft, token: '' });
        tokenField.current?.focus();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(draft);
  };

  return (
    <form className="card form" onSubmit={submit} data-testid="edit-connection" aria-labelledby="edit-title">
      <h2 id="edit-title">Edit &apos;{summary.label}&apos;</h2>
      <p className="muted">
        Rules, tool switches and history stay as they are. A new token or place is checked with {service.displayName}{' '}
        before it is saved; if the check fails, nothing changes.
      </p>
      <div className="field">
        <label htmlFor="edit-label">Name for this connection</label>
        <input
          ref={labelField}
          id="edit-label"
          required
          maxLength={64}
          value={draft.label}
          onChange={(e) => setDraft({ ...draft, label: e.target.value })}
          aria-describedby="edit-label-help"
        />
        <p id="edit-label-help" className="field-help">
          Assistants see its tools under the new name as soon as you save.
        </p>
      </div>
      <TargetFields
        service={service}
        values={draft.target}
        onChange={(target) => setDraft({ ...draft, target })}
        idPrefix="edit-"
      />
      {service.id === 'remote-mcp' && (
        <div className="field">
          <label htmlFor="edit-header">Header that carries the token (optional)</label>
          <input
            id="edit-header"
            value={draft.headerName}
            onChange={(e) => setDraft({ ...draft, headerName: e.target.value })}
            placeholder="Authorization"
            spellCheck={false}
            aria-describedby="edit-header-help"
          />
          <p id="edit-header-help" className="field-help">
            Leave empty to send the token as Authorization: Bearer. Some servers want another header, e.g. X-Api-Key.
          </p>
        </div>
      )}
      {usesToken ? (
        <SecretField
          id="edit-token"
          label={summary.maskedToken ? `New token (replaces ${summary.maskedToken})` : 'Token'}
          value={draft.token}
          onChange={(token) => setDraft({ ...draft, token })}
          help="Leave empty to keep the current token. A new one is checked first; the old one stays if the check fails."
          placeholder={service.credentialHelp.placeholder}
          inputRef={tokenField}
        />
      ) : (
        <p className="notice">This connection signs in with the browser: use &quot;Sign in again&quot; to renew it.</p>
      )}
      <ErrorBox error={error} title="Not saved" onFix={busy ? undefined : applyFix} place="new" />
      {busy ? (
        <p role="status" className="busy">
          Checking with {service.displayName}…
        </p>
      ) : null}
      <div className="row between">
        <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button" disabled={busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}
