import { useCallback, useEffect, useState } from 'react';
import type { PoliciesView, ResponseOf, ToolRow } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { LearnedRefusals } from './LearnedRefusals';

type Matrix = ResponseOf<'toolMatrix'>;

const EXPECTED_FROM: Record<NonNullable<ToolRow['expectedFrom']>, string> = {
  declared: 'your declared scopes',
  expected: "the token's unverified claims",
};

function Codes({ scopes }: { scopes: string[] }) {
  return (
    <>
      {scopes.map((s, i) => (
        <span key={s}>
          {i > 0 ? ' ' : null}
          <code>{s}</code>
        </span>
      ))}
    </>
  );
}

/** "Scope needed: EVENT (assumed)" whenever the tool → scope mapping is Bridgekeeper's assumption, whatever the status. */
function AssumedNote({ row }: { row: ToolRow }) {
  if (!row.scopeAssumed || row.requiredScopes.length === 0) return null;
  return (
    <span
      className="field-help block"
      data-testid="scope-assumed"
      title="The service's documentation does not say which scope this tool needs: this is Bridgekeeper's assumption. A refusal from the service is remembered."
    >
      Scope needed: <Codes scopes={row.requiredScopes} /> (assumed)
    </span>
  );
}

/** What an "expected" prediction rests on, when it is not the service's own report. */
function expectedTitle(row: ToolRow): string {
  const missing = row.expectedMissing ?? [];
  if (row.expectedFrom === 'declared')
    return missing.length
      ? `Your declared scopes don't include ${missing.join(', ')}; Bridgekeeper will try and learn from the answer.`
      : 'Your declared scopes include what this tool needs, but the service has not confirmed them: Bridgekeeper will try and learn from the answer.';
  if (row.expectedFrom === 'expected')
    return `The token's unverified claims ${missing.length ? `don't include ${missing.join(', ')}` : 'suggest it works'}; Bridgekeeper will try and learn from the answer.`;
  return "Bridgekeeper expects this to be refused, but the service's documentation does not say so: the assistant can still try, and a refusal is remembered.";
}

function ScopeCell({ row }: { row: ToolRow }) {
  if (row.scope === 'allowed')
    return (
      <span className="scope-ok">
        <span aria-hidden="true">✓ </span>Allowed
        <AssumedNote row={row} />
      </span>
    );
  if (row.scope === 'missing')
    return (
      <span className="scope-missing" title={row.grantHint}>
        <span aria-hidden="true">✗ </span>Missing <Codes scopes={row.missingScopes} />
        <AssumedNote row={row} />
        {row.grantHint ? <span className="field-help block">{row.grantHint}</span> : null}
      </span>
    );
  const from = row.expectedFrom ? ` (from ${EXPECTED_FROM[row.expectedFrom]})` : '';
  if (row.expectedMissing?.length)
    return (
      <span className="scope-unknown" title={expectedTitle(row)}>
        <span aria-hidden="true">? </span>Expected to lack <Codes scopes={row.expectedMissing} />
        {from}
        <AssumedNote row={row} />
        {row.grantHint ? <span className="field-help block">{row.grantHint}</span> : null}
      </span>
    );
  if (row.expectedFrom)
    return (
      <span className="scope-unknown" title={expectedTitle(row)}>
        <span aria-hidden="true">? </span>Expected to work{from}
        <AssumedNote row={row} />
      </span>
    );
  return (
    <span
      className="scope-unknown"
      title="The service does not say which scopes this token has; the gateway will try and learn from a refusal."
    >
      <span aria-hidden="true">? </span>Unknown
      {row.requiredScopes.length && !row.scopeAssumed ? (
        <>
          {' '}
          (needs <Codes scopes={row.requiredScopes} />)
        </>
      ) : null}
      <AssumedNote row={row} />
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
  useEffect(() => {
    call('toolMatrix', { id }).then(setMatrix, (e: unknown) => setError(asAppError(e)));
  }, [id]);

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

  if (!matrix)
    return <div className="card">{error ? <ErrorBox error={error} /> : <p role="status">Loading tools…</p>}</div>;
  const { policies } = matrix.connection;
  const toggleTool = (name: string, on: boolean) =>
    apply({
      disabledTools: on
        ? policies.disabledTools.filter((t) => t !== name)
        : [...new Set([...policies.disabledTools, name])],
    });

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
            <span className="field-help block">
              Assistants can look but never change anything: write tools are hidden.
            </span>
          </span>
        </label>
        <label className="switch">
          <input
            type="checkbox"
            checked={policies.confirmWrites}
            onChange={(e) => apply({ confirmWrites: e.target.checked })}
            aria-describedby="confirm-help"
          />
          <span>
            <strong>Ask me before changes</strong>
            <span className="field-help block" id="confirm-help">
              Before each write the assistant shows you a confirmation form (MCP &quot;elicitation&quot;) and runs it
              only if you accept. Only assistants that can show these forms can make changes then (VS Code&apos;s agent
              mode can). Assistants that cannot (Claude Desktop today) get every change refused, with a note to ask you.
            </span>
          </span>
        </label>
        {policies.confirmWrites ? (
          <div className="notice" data-testid="confirm-alternative">
            <p>
              Using an assistant that cannot show confirmation forms? What works there instead: Read-only (changes are
              not offered at all), or turning off the write tools you do not want below.
            </p>
            <button
              type="button"
              className="button secondary"
              onClick={() => void apply({ readOnly: true, confirmWrites: false })}
              disabled={saving}
            >
              Use Read-only instead
            </button>
          </div>
        ) : null}
        <label className="switch">
          <input
            type="checkbox"
            checked={policies.redactPii}
            onChange={(e) => apply({ redactPii: e.target.checked })}
          />
          <span>
            <strong>Hide personal data</strong>
            <span className="field-help block">
              Emails and phone numbers are masked in what assistants see (PII: personally identifiable information).
            </span>
          </span>
        </label>
        <label className="switch">
          <input
            type="checkbox"
            checked={policies.showUnusableTools ?? false}
            onChange={(e) => apply({ showUnusableTools: e.target.checked })}
          />
          <span>
            <strong>Show tools this token can&apos;t use</strong>
            <span className="field-help block">
              Off: tools the service says this token lacks the permission for are not offered to assistants (fewer
              tools, no calls that must fail).
            </span>
          </span>
        </label>
      </fieldset>
      <ErrorBox error={error} title="Could not change the rule" />
      {matrix.note ? <p className="notice">{matrix.note}</p> : null}
      <LearnedRefusals
        summary={matrix.connection}
        onForgotten={async () => {
          await load();
          await onChanged();
        }}
      />
      {matrix.tools.length > 0 && (
        <table className="table matrix">
          <caption className="visually-hidden">
            Tools, whether this token's scopes allow them, and whether assistants can use them
          </caption>
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
                  <span className={`kind kind-${row.access}`}>
                    {row.access === 'write' ? (row.destructive ? 'Write · deletes' : 'Write') : 'Read'}
                  </span>
                </td>
                <td data-testid="scope-cell">
                  <ScopeCell row={row} />
                </td>
                <td>
                  <label className="switch compact">
                    <input
                      type="checkbox"
                      checked={row.enabled}
                      onChange={(e) => toggleTool(row.name, e.target.checked)}
                      disabled={saving || (row.hiddenBecause !== undefined && row.hiddenBecause !== 'disabled')}
                      aria-label={`Allow ${row.title}`}
                      aria-describedby={row.disabledReason ? `reason-${row.name}` : undefined}
                    />
                    <span className="small" id={`reason-${row.name}`}>
                      {row.enabled ? 'On' : (row.disabledReason ?? 'Off')}
                    </span>
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
