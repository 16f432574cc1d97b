import { useEffect, useState } from 'react';
import type { ServiceId, ServiceInfo, WhoamiView } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServiceBadge } from '../components/ServiceBadge';
import { ConnectionForm, type FormStart } from './ConnectionForm';

/** One line per service, so people recognise the right one. */
const SUMMARY: Record<ServiceId, string> = {
  sessionboard: 'Event data: sessions, speakers, contacts, sponsors and insights.',
  'sessions-website': "A business's participants, registrations, products and purchases.",
  'session-services': 'Events, tickets, orders and venues for one tenant.',
  imboard: 'Boards, meetings, documents and reports.',
  'remote-mcp': 'Any other MCP server reachable over HTTPS.',
};

/** Add connection: pick a service, then give what it needs; the token is checked live before anything is saved. */
export function AddConnectionWizard({ onDone }: { onDone: (id: string) => void }) {
  const [services, setServices] = useState<ServiceInfo[] | null>(null);
  const [choice, setChoice] = useState<ServiceId>('sessionboard');
  const [step, setStep] = useState<'pick' | 'details' | 'done'>('pick');
  const [result, setResult] = useState<{
    id: string;
    label: string;
    whoami?: WhoamiView | undefined;
    pending?: boolean;
    problem?: AppError;
  } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  /** Filled when an error's fix switched service: the name and token typed so far carry over. */
  const [start, setStart] = useState<FormStart>({});

  useEffect(() => {
    call('listServices', {}).then(
      (r) => setServices(r.services),
      (e) => setError(asAppError(e)),
    );
  }, []);

  const service = services?.find((s) => s.id === choice);

  return (
    <section aria-labelledby="add-title">
      <ScreenHeading intro="Bridgekeeper checks the account with the service before saving it. Tokens go straight to your system keychain.">
        <span id="add-title">Add a connection</span>
      </ScreenHeading>
      <ol className="steps" aria-label="Steps">
        <li aria-current={step === 'pick' ? 'step' : undefined}>1. Choose the service</li>
        <li aria-current={step === 'details' ? 'step' : undefined}>2. Sign in or paste a token</li>
        <li aria-current={step === 'done' ? 'step' : undefined}>3. Done</li>
      </ol>
      <ErrorBox error={error} />
      {step === 'pick' && services && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            setStep('details');
          }}
        >
          <fieldset className="service-choices">
            <legend>Which service do you want to connect?</legend>
            {services.map((s) => (
              <label key={s.id} className={`service-choice${choice === s.id ? ' selected' : ''}`}>
                <input
                  type="radio"
                  name="service"
                  value={s.id}
                  checked={choice === s.id}
                  onChange={() => setChoice(s.id)}
                />
                <ServiceBadge service={s.id} />
                <span>
                  <span className="choice-name">{s.displayName}</span>
                  <span className="muted choice-summary">{SUMMARY[s.id]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="row end">
            <button type="submit" className="button">
              Next
            </button>
          </div>
        </form>
      )}
      {step === 'details' && service && (
        <ConnectionForm
          key={service.id}
          service={service}
          start={start}
          onSwitchService={(next, carried) => {
            setStart(carried);
            setChoice(next);
          }}
          onBack={() => setStep('pick')}
          onConnected={(r) => {
            setResult(r);
            setStep('done');
          }}
        />
      )}
      {step === 'done' && result && (
        <div className="card notice-ok" role="status" data-testid="wizard-done">
          <h2>{result.pending ? `'${result.label}' is saved` : `Connected '${result.label}'`}</h2>
          {result.pending ? (
            <p>
              It still needs a browser sign-in: open it and choose &quot;Sign in with browser&quot; when you are ready.
            </p>
          ) : null}
          <ErrorBox error={result.problem ?? null} title="Sign-in did not finish" />
          {result.whoami ? (
            <p>
              The service says this token acts as{' '}
              <strong>
                {result.whoami.principal.name ??
                  result.whoami.principal.email ??
                  result.whoami.principal.id ??
                  result.whoami.principal.type}
              </strong>{' '}
              ({result.whoami.tokenKindLabel}).
            </p>
          ) : null}
          <div className="row">
            <button type="button" className="button" onClick={() => onDone(result.id)} autoFocus>
              Open the connection
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
