import { useState } from 'react';
import type { ConnectionSummary } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';

type Forgotten = Array<{ scope: string; tool: string }>;

/**
 * Tools the service refused before (for a missing permission), held back by Bridgekeeper, and the "Try these tools
 * again" action for when the person has since granted the permission to the same token. Shown on the whoami panel
 * and the tools screen. Nothing when nothing was refused (after a success, a short confirmation instead).
 */
export function LearnedRefusals({
  summary,
  onForgotten,
}: {
  summary: ConnectionSummary;
  /** The connection after the refusals were forgotten, and which ones. */
  onForgotten: (next: ConnectionSummary, forgotten: Forgotten) => void | Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<Forgotten | null>(null);
  const refusals = summary.learnedRefusals ?? [];
  const service = summary.serviceName;

  const tryAgain = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call('forgetRefusals', { id: summary.id });
      setDone(result.forgotten);
      await onForgotten(result.connection, result.forgotten);
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };

  if (refusals.length === 0) {
    if (!done || done.length === 0) return null;
    return (
      <p className="notice notice-ok" role="status" data-testid="refusals-forgotten">
        Assistants can try {[...new Set(done.map((d) => d.tool))].join(', ')} again. {service} still checks every call;
        if it refuses again, Bridgekeeper remembers.
      </p>
    );
  }
  const tools = [...new Set(refusals.map((r) => r.tool))];
  return (
    <div className="notice notice-warn" data-testid="learned-refusals">
      <p>
        {service} refused {tools.length === 1 ? 'this tool' : 'these tools'} before for a missing permission, so
        Bridgekeeper does not offer {tools.length === 1 ? 'it' : 'them'} to assistants and does not send{' '}
        {tools.length === 1 ? 'it' : 'them'} to {service}:
      </p>
      <ul>
        {tools.map((tool) => (
          <li key={tool}>
            <code>{tool}</code> needs{' '}
            {refusals
              .filter((r) => r.tool === tool)
              .map((r) => r.scope)
              .join(', ')}
          </li>
        ))}
      </ul>
      <p>
        Gave this same token that permission in {service} since? Let assistants try again: {service} still checks every
        call, and a new refusal is remembered.
      </p>
      <button type="button" className="button secondary" onClick={() => void tryAgain()} disabled={busy}>
        {busy ? 'Forgetting the refusals…' : 'Try these tools again'}
      </button>
      <ErrorBox error={error} title="Could not forget the refusals" />
    </div>
  );
}
