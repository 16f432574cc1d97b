import { type FormEvent, useEffect, useState } from 'react';
import type { ServiceId, ServiceInfo, TokenInspection, WhoamiView } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { expiryCountdown } from '../format';
import { SecretField } from '../components/SecretField';
import { TargetFields, type TargetValues } from './TargetFields';
import { WhoamiFacts } from './WhoamiFacts';

function InspectionFacts({ info }: { info: TokenInspection }) {
  const expiry = expiryCountdown(info.expiresAt);
  return (
    <div data-testid="inspection">
      <dl className="facts">
        <div>
          <dt>What it is</dt>
          <dd data-testid="inspect-kind">{info.kindLabel}</dd>
        </div>
        <div>
          <dt>Probably from</dt>
          <dd>{info.guessedServiceName ?? 'Cannot tell from the token alone'}</dd>
        </div>
        <div>
          <dt>Token</dt>
          <dd>
            <code className="masked">{info.maskedToken}</code>{' '}
            <span className="muted">
              ({info.length} characters{info.isSecret ? ', secret' : ', not a secret'})
            </span>
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd className={expiry.warn ? 'warn-text' : undefined}>{expiry.text}</dd>
        </div>
      </dl>
      {info.jwt ? (
        <>
          <h3>
            What the token says about itself <span className="pill pill-warn">Unverified</span>
          </h3>
          <p className="field-help">
            JWT (JSON Web Token) claims are decoded without checking the signature: only the service can confirm them.
          </p>
          <dl className="facts" data-testid="jwt-claims">
            {info.jwt.subject ? (
              <div>
                <dt>Subject</dt>
                <dd>{info.jwt.subject}</dd>
              </div>
            ) : null}
            {info.jwt.email ? (
              <div>
                <dt>Email</dt>
                <dd>{info.jwt.email}</dd>
              </div>
            ) : null}
            {info.jwt.issuer ? (
              <div>
                <dt>Issuer</dt>
                <dd>{info.jwt.issuer}</dd>
              </div>
            ) : null}
            {info.jwt.audience.length ? (
              <div>
                <dt>Audience</dt>
                <dd>{info.jwt.audience.join(', ')}</dd>
              </div>
            ) : null}
            <div>
              <dt>Scopes</dt>
              <dd>{info.jwt.scopes.length ? info.jwt.scopes.map((s) => <code key={s}>{s} </code>) : 'none listed'}</dd>
            </div>
            {info.jwt.issuedAt ? (
              <div>
                <dt>Issued</dt>
                <dd>{new Date(info.jwt.issuedAt).toLocaleString('en')}</dd>
              </div>
            ) : null}
            {info.jwt.algorithm ? (
              <div>
                <dt>Signature type</dt>
                <dd>{info.jwt.algorithm}</dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : null}
      {info.notes.length ? (
        <ul className="notes">
          {info.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Inspect a token: see what a pasted token is without saving it; optionally ask the service (nothing saved). */
export function InspectTokenScreen() {
  const [services, setServices] = useState<ServiceInfo[]>([]);
  const [token, setToken] = useState('');
  const [info, setInfo] = useState<TokenInspection | null>(null);
  const [service, setService] = useState<ServiceId>('sessionboard');
  const [target, setTarget] = useState<TargetValues>({});
  const [live, setLive] = useState<WhoamiView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(
    () =>
      void call('listServices', {}).then(
        (r) => setServices(r.services.filter((s) => s.id !== 'remote-mcp')),
        (e) => setError(asAppError(e)),
      ),
    [],
  );

  const inspect = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setLive(null);
    try {
      const result = await call('inspectToken', { token });
      setInfo(result);
      if (result.guessedService && services.some((s) => s.id === result.guessedService))
        setService(result.guessedService as ServiceId);
    } catch (e) {
      setError(asAppError(e));
    }
  };

  const askService = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      setLive(await call('whoamiForToken', { service, ...target, ...(token.trim() ? { token: token.trim() } : {}) }));
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };

  const chosen = services.find((s) => s.id === service);
  return (
    <section aria-labelledby="inspect-title">
      <ScreenHeading intro="Paste any token to see what it is. Nothing is saved, and the token is never shown back in full.">
        <span id="inspect-title">Inspect a token</span>
      </ScreenHeading>
      <form className="card form" onSubmit={inspect}>
        <SecretField
          id="inspect-token"
          label="Token"
          required
          value={token}
          onChange={setToken}
          placeholder="imb_pat_…, sk_live_…, eyJ…"
        />
        <div className="row end">
          <button type="submit" className="button">
            Inspect
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {info ? (
        <div className="card">
          <h2>What Bridgekeeper can tell offline</h2>
          <InspectionFacts info={info} />
        </div>
      ) : null}
      {info ? (
        <form className="card form" onSubmit={askService}>
          <h2>Ask the service (optional)</h2>
          <p className="muted">
            Sends the token once to the service you choose to learn who it is. It is kept in memory only for this check.
          </p>
          <div className="field">
            <label htmlFor="inspect-service">Service</label>
            <select
              id="inspect-service"
              value={service}
              onChange={(e) => {
                setService(e.target.value as ServiceId);
                setTarget({});
              }}
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.displayName}
                </option>
              ))}
            </select>
          </div>
          {chosen ? <TargetFields service={chosen} values={target} onChange={setTarget} idPrefix="inspect-" /> : null}
          <div className="row end">
            <button type="submit" className="button secondary" disabled={busy}>
              {busy ? 'Asking…' : 'Check with the service'}
            </button>
          </div>
        </form>
      ) : null}
      {live ? (
        <div className="card" data-testid="inspect-live">
          <h2>The service says</h2>
          <WhoamiFacts whoami={live} />
        </div>
      ) : null}
    </section>
  );
}
