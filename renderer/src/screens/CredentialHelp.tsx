import type { ServiceInfo } from '../../../shared/contract';

/** Where to get the credential and what to tick when creating it, in the service's own words. */
export function CredentialHelp({ service }: { service: ServiceInfo }) {
  const help = service.credentialHelp;
  if (!help.whereToGet && help.tips.length === 0) return null;
  return (
    <aside
      className="help-box"
      id="connect-help"
      aria-label={`Where to get a ${service.displayName} token`}
      data-testid="credential-help"
    >
      <h3>Where to get it</h3>
      {help.whereToGet ? <p>{help.whereToGet}</p> : null}
      {help.tips.length > 0 ? (
        <ul>
          {help.tips.map((tip) => (
            <li key={tip}>{tip}</li>
          ))}
        </ul>
      ) : null}
    </aside>
  );
}
