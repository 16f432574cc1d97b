import type { ServiceInfo } from '../../../shared/contract';

export interface TargetValues {
  region?: 'us' | 'eu' | undefined;
  handle?: string | undefined;
  tenantId?: string | undefined;
  url?: string | undefined;
}

/** The service-specific "where" fields: region (Sessionboard), business handle, tenant id, MCP server URL. */
export function TargetFields({
  service,
  values,
  onChange,
  idPrefix = '',
}: {
  service: ServiceInfo;
  values: TargetValues;
  onChange: (v: TargetValues) => void;
  idPrefix?: string;
}) {
  const set = (patch: TargetValues) => onChange({ ...values, ...patch });
  return (
    <>
      {service.fields.includes('region') && service.regions.length > 0 && (
        <div className="field">
          <label htmlFor={`${idPrefix}region`}>Region (where your organization is hosted)</label>
          <select
            id={`${idPrefix}region`}
            value={values.region ?? service.regions[0]!.id}
            onChange={(e) => set({ region: e.target.value as 'us' | 'eu' })}
          >
            {service.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {service.fields.includes('handle') && (
        <div className="field">
          <label htmlFor={`${idPrefix}handle`}>Business handle</label>
          <input
            id={`${idPrefix}handle`}
            required
            value={values.handle ?? ''}
            onChange={(e) => set({ handle: e.target.value })}
            placeholder="acme"
            aria-describedby={`${idPrefix}handle-help`}
          />
          <p id={`${idPrefix}handle-help`} className="field-help">
            The part after /@ in your business address: for business.sessions.website/@acme it is “acme”. A key only
            works on its own business.
          </p>
        </div>
      )}
      {service.fields.includes('tenantId') && (
        <div className="field">
          <label htmlFor={`${idPrefix}tenant`}>Tenant id</label>
          <input
            id={`${idPrefix}tenant`}
            required
            value={values.tenantId ?? ''}
            onChange={(e) => set({ tenantId: e.target.value })}
            placeholder="tnt_01jqpj2t2kfvmstt6f6tzkbaf2"
            spellCheck={false}
            aria-describedby={`${idPrefix}tenant-help`}
          />
          <p id={`${idPrefix}tenant-help`} className="field-help">
            Starts with tnt_. It identifies your Session Services account and is sent with every request; it is not a
            secret.
          </p>
        </div>
      )}
      {service.fields.includes('url') && (
        <div className="field">
          <label htmlFor={`${idPrefix}url`}>MCP server address</label>
          <input
            id={`${idPrefix}url`}
            type="url"
            required
            value={values.url ?? ''}
            onChange={(e) => set({ url: e.target.value })}
            placeholder="https://mcp.example.com/mcp"
            aria-describedby={`${idPrefix}url-help`}
          />
          <p id={`${idPrefix}url-help`} className="field-help">
            The Streamable HTTP address of the server (MCP, the Model Context Protocol, is how assistants use tools).
            HTTPS only (plain HTTP only to this computer).
          </p>
        </div>
      )}
    </>
  );
}
