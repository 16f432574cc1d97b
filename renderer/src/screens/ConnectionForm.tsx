import { type FormEvent, useRef, useState } from 'react';
import type { ErrorFixView, ServiceId, ServiceInfo, WhoamiView } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { CredentialHelp } from './CredentialHelp';
import { SecretField } from '../components/SecretField';
import { TargetFields, type TargetValues } from './TargetFields';

type Method = 'token' | 'oauth';
type Connected = { id: string; label: string; whoami?: WhoamiView | undefined; pending?: boolean; problem?: AppError };

/** What the form starts with when the person switches service from an error's fix (the token stays filled in). */
export interface FormStart {
  label?: string;
  token?: string;
}

/** One submission's inputs, so a one-click fix can resubmit with one thing changed. */
interface Attempt {
  label: string;
  token: string;
  target: TargetValues;
  force?: boolean;
}

/**
 * Step 2 of the wizard: label, where (region/handle/tenant/URL), and a token or a browser sign-in. Errors offer
 * their one-click fix: switch region, use the detected service (`onSwitchService`), another name, save anyway,
 * paste another token.
 */
export function ConnectionForm({
  service,
  onBack,
  onConnected,
  onSwitchService,
  start = {},
}: {
  service: ServiceInfo;
  onBack: () => void;
  onConnected: (r: Connected) => void;
  onSwitchService?: (service: ServiceId, start: FormStart) => void;
  start?: FormStart;
}) {
  const canOAuth = service.authKinds.includes('oauth');
  const canToken = service.authKinds.includes('token');
  const [method, setMethod] = useState<Method>(canToken ? 'token' : 'oauth');
  const [label, setLabel] = useState(start.label ?? '');
  const [token, setToken] = useState(start.token ?? '');
  const [headerName, setHeaderName] = useState('');
  const tokenField = useRef<HTMLInputElement>(null);
  /** Remote MCP servers without Dynamic Client Registration: a client the person registered there. */
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [target, setTarget] = useState<TargetValues>({ region: service.regions[0]?.id });
  const [busy, setBusy] = useState<string | null>(null);
  /** The connection whose browser sign-in is under way (so it can be cancelled). */
  const [signingIn, setSigningIn] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt({ label, token, target });
  };

  const applyFix = (fix: ErrorFixView) => {
    switch (fix.kind) {
      case 'switch_region': {
        const next = { ...target, region: fix.region };
        setTarget(next);
        void attempt({ label, token, target: next });
        return;
      }
      case 'pick_another_name':
        setLabel(fix.suggestion);
        void attempt({ label: fix.suggestion, token, target });
        return;
      case 'save_anyway':
        void attempt({ label, token, target, force: true });
        return;
      case 'use_service':
        onSwitchService?.(fix.service, { label, token });
        return;
      case 'replace_token':
        setError(null);
        setToken('');
        tokenField.current?.focus();
        return;
      case 'sign_in_again':
        setMethod('oauth');
        return;
    }
  };

  const attempt = async ({ label, token, target, force }: Attempt) => {
    setError(null);
    const base = { service: service.id, label: label.trim(), ...target, ...(force ? { force: true } : {}) };
    try {
      if (method === 'oauth') {
        setBusy('Saving…');
        const client =
          service.id === 'remote-mcp' && clientId.trim()
            ? {
                oauthClientId: clientId.trim(),
                ...(clientSecret.trim() ? { oauthClientSecret: clientSecret.trim() } : {}),
              }
            : {};
        const added = await call('addConnection', { ...base, authKind: 'oauth', ...client });
        setClientSecret('');
        setBusy(`Waiting for you to finish signing in to ${service.displayName} in your browser…`);
        setSigningIn(added.connection.id);
        try {
          await call('signIn', { id: added.connection.id });
        } catch (e) {
          onConnected({
            id: added.connection.id,
            label: added.connection.label,
            pending: true,
            problem: asAppError(e),
          });
          return;
        } finally {
          setSigningIn(null);
        }
        onConnected({ id: added.connection.id, label: added.connection.label });
        return;
      }
      const tokenValue = token.trim();
      const authKind = tokenValue ? 'token' : 'tenant';
      setBusy(`Checking with ${service.displayName}…`);
      const header =
        service.id === 'remote-mcp' && tokenValue && headerName.trim() ? { headerName: headerName.trim() } : {};
      const added = await call('addConnection', {
        ...base,
        authKind,
        ...(tokenValue ? { token: tokenValue } : {}),
        ...header,
      });
      setToken('');
      onConnected({ id: added.connection.id, label: added.connection.label, whoami: added.whoami });
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="card form" onSubmit={submit}>
      <h2>Connect {service.displayName}</h2>
      {canOAuth && canToken && (
        <fieldset className="inline-choices">
          <legend>How do you want to connect?</legend>
          <label>
            <input
              type="radio"
              name="method"
              value="token"
              checked={method === 'token'}
              onChange={() => setMethod('token')}
            />{' '}
            Paste an API token
          </label>
          <label>
            <input
              type="radio"
              name="method"
              value="oauth"
              checked={method === 'oauth'}
              onChange={() => setMethod('oauth')}
            />{' '}
            Sign in with your browser
          </label>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="label">Name for this connection</label>
        <input
          id="label"
          name="label"
          autoFocus
          required
          maxLength={64}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder="e.g. Acme 2026 conference"
          aria-describedby="label-help"
        />
        <p id="label-help" className="field-help">
          Any name you will recognise. Assistants see it next to the tools.
        </p>
      </div>
      <TargetFields service={service} values={target} onChange={setTarget} />
      {method === 'token' ? (
        <>
          <CredentialHelp service={service} />
          <SecretField
            id="token"
            label={
              service.tokenOptional
                ? 'Token (optional: leave empty to read public data with the tenant id only)'
                : `${service.displayName} token`
            }
            required={!service.tokenOptional}
            value={token}
            onChange={setToken}
            placeholder={service.credentialHelp.placeholder}
            inputRef={tokenField}
            help={`Hidden as you type (Show reveals it). It is checked once with ${service.displayName}, then stored only in your system keychain.`}
          />
          {service.id === 'remote-mcp' ? (
            <div className="field">
              <label htmlFor="header-name">Header that carries the token (optional)</label>
              <input
                id="header-name"
                value={headerName}
                onChange={(e) => setHeaderName(e.target.value)}
                placeholder="Authorization"
                spellCheck={false}
                aria-describedby="header-name-help"
              />
              <p id="header-name-help" className="field-help">
                Leave empty to send the token as Authorization: Bearer. Some servers want it in another header, e.g.
                X-Api-Key.
              </p>
            </div>
          ) : null}
        </>
      ) : (
        <>
          <p className="notice" id="connect-help">
            Your browser opens {service.displayName}&apos;s sign-in page. Approve access there and come back: no token
            to copy.
          </p>
          {service.id === 'remote-mcp' && (
            <details className="field">
              <summary>The server needs a client you registered there (optional)</summary>
              <div className="field">
                <label htmlFor="client-id">Client ID</label>
                <input
                  id="client-id"
                  name="client-id"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={255}
                  value={clientId}
                  onChange={(e) => setClientId(e.target.value)}
                  aria-describedby="client-help"
                />
              </div>
              <SecretField
                id="client-secret"
                label="Client secret (if the service gave you one)"
                value={clientSecret}
                onChange={setClientSecret}
                what="client secret"
              />
              <p id="client-help" className="field-help">
                Only for servers that do not let apps register themselves. Register Bridgekeeper there with the redirect
                address http://127.0.0.1/callback. The secret is stored only in your system keychain.
              </p>
            </details>
          )}
        </>
      )}
      <ErrorBox error={error} title="Not connected yet" onFix={busy === null ? applyFix : undefined} place="new" />
      {busy ? (
        <div className="row">
          <p role="status" className="busy">
            {busy}
          </p>
          {signingIn ? (
            <button
              type="button"
              className="button secondary"
              onClick={() => void call('cancelSignIn', { id: signingIn })}
            >
              Cancel sign-in
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="row between">
        <button type="button" className="button secondary" onClick={onBack} disabled={busy !== null}>
          Back
        </button>
        <button type="submit" className="button" disabled={busy !== null}>
          {method === 'oauth' ? 'Sign in with browser' : 'Check and save'}
        </button>
      </div>
    </form>
  );
}
