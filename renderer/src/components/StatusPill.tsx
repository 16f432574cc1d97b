import type { ConnectionState } from '../../../shared/contract';
import { STATUS_TEXT } from '../format';

/** The connection's health in plain words; the colour is never the only signal (there is always text). */
export function StatusPill({ state, reason }: { state: ConnectionState; reason?: string | undefined }) {
  const status = STATUS_TEXT[state];
  const mark = status.tone === 'ok' ? '●' : status.tone === 'bad' ? '✕' : status.tone === 'warn' ? '!' : '○';
  return (
    <span className={`pill pill-${status.tone}`} title={reason ?? status.help} data-testid="status">
      <span aria-hidden="true">{mark}</span> {status.label}
    </span>
  );
}
