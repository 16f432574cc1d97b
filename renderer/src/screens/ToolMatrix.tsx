import { useCallback, useEffect, useState } from 'react';
import type { PoliciesView, ResponseOf, ToolRow } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';

type Matrix = ResponseOf<'toolMatrix'>;

function ScopeCell({ row }: { row: ToolRow }) {
  if (row.scope === 'allowed') return <span className="scope-ok"><span aria-hidden="true">✓ </span>Allowed</span>;
  if (row.scope === 'missing')
    return (
      <span className="scope-missing" title={row.grantHint}>
        <span aria-hidden="true">✗ </span>Missing {row.missingScopes.map((s) => <code key={s}>{s}</code>)}
        {row.grantHint ? <span className="field-help block">{row.grantHint}</span> : null}
      </span>
    );
  const assumed = row.scopeAssumed ? ', assumed' : '';
  if (row.expectedMissing?.length)
    return (
      <span className="scope-unknown" title="Bridgekeeper expects this to be refused, but the service's documentation does not say so: the assistant can still try, and a refusal is remembered.">
        <span aria-hidden="true">? </span>Expected to lack {row.expectedMissing.map((s) => <code key={s}>{s}</code>)}
        {row.scopeAssumed ? ' (assumed)' : null}
        {row.grantHint ? <span className="field-help block">{row.grantHint}</span> : null}
      </span>
    );
  return (
    <span className="scope-unknown" title="The service does not say which scopes this token has; the gateway will try and learn from a refusal.">
      <span aria-hidden="true">? </span>Unknown{row.requiredScopes.length ? <> (needs {row.requiredScopes.map((s) => <code key={s}>{s}</code>)}{assumed})</> : null}
    </span>
  );
}

/** Every tool × whether the token's scopes allow it, read vs write, and the switches the gateway obeys. */
export function ToolMatrix({ id, onChanged }: { id: string; onChanged: () => Promise<void> }) {
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    try {
      setMatrix(await call('toolMatrix', { id }));
    } catch (e) {
      setError(asAppError(e));
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  const apply = async (patch: Partial<PoliciesView>) => {
    setSaving(true);
    setError(null);
    try {
      await call('setPolicy', { id, patch });
      await load();
      await onChanged();
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setSaving(false);
    }
  };

  if (!matrix) return <div className="card">{error ? <ErrorBox error={error} /> : <p role="status">Loading tools…</p>}</div>;
  const { policies } = matrix.connection;
  const toggleTool = (name: string, on: boolean) =>
    apply({ disabledTools: on ? policies.disabledTools.filter((t) => t !== name) : [...new Set([...policies.disabledTools, name])] });

  return (
    <div className="card" data-testid="tool-matrix">
      <h2>Tools and permissions</h2>
      <p className="muted">Changes apply at once to every assistant using Bridgekeeper.</p>
      <fieldset className="switches" disabled={saving}>
        <legend>Rules for assistants</legend>
        <label className="switch">
          <input type="checkbox" checked={policies.readOnly} onChange={(e) => apply({ readOnly: e.target.checked })} />
          <span>
            <strong>Read-only</strong>
            <span className="field-help block">Assistants can look but never change anything: write tools are hidden.</span>
          </span>
        </label>
        <label className="switch">
          <input type="checkbox" checked={policies.confirmWrites} onChange={(e) => apply({ confirmWrites: e.target.checked })} />
          <span>
            <strong>Ask me before changes</strong>
            <span className="field-help block">The assistant must get your OK in its chat before each write.</span>
          </span>
        </label>
        <label className="switch">
          <input type="checkbox" checked={policies.redactPii} onChange={(e) => apply({ redactPii: e.target.checked })} />
          <span>
            <strong>Hide personal data</strong>
            <span className="field-help block">Emails and phone numbers are masked in what assistants see (PII: personally identifiable information).</span>
          </span>
        </label>
      </fieldset>
      <ErrorBox error={error} title="Could not change the rule" />
      {matrix.note ? <p className="notice">{matrix.note}</p> : null}
      {matrix.tools.length > 0 && (
        <table className="table matrix">
          <caption className="visually-hidden">Tools, whether this token's scopes allow them, and whether assistants can use them</caption>
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">Kind</th>
              <th scope="col">Token allows it?</th>
              <th scope="col">Available to assistants</th>
            </tr>
          </thead>
          <tbody>
            {matrix.tools.map((row) => (
              <tr key={row.name} data-testid={`tool-${row.name}`} className={row.enabled ? undefined : 'off'}>
                <th scope="row">
                  <span className="tool-title">{row.title}</span>
                  <code className="tool-name">{row.name}</code>
                </th>
                <td>
                  <span className={`kind kind-${row.access}`}>{row.access === 'write' ? (row.destructive ? 'Write · deletes' : 'Write') : 'Read'}</span>
                </td>
                <td data-testid="scope-cell">
                  <ScopeCell row={row} />
                </td>
                <td>
                  <label className="switch compact">
                    <input
                      type="checkbox"
                      checked={!policies.disabledTools.includes(row.name)}
                      onChange={(e) => toggleTool(row.name, e.target.checked)}
                      disabled={saving}
                      aria-label={`Allow ${row.title}`}
                    />
                    <span className="small">{row.enabled ? 'On' : (row.disabledReason ?? 'Off')}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
