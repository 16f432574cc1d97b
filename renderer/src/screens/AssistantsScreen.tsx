import { useEffect, useState } from 'react';
import type { AssistantId, InstallResult } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { CopyBox } from '../components/CopyBox';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';

const ASSISTANTS: Array<{ id: AssistantId; name: string; note: string }> = [
  { id: 'claude-desktop', name: 'Claude Desktop', note: 'Restart Claude Desktop afterwards.' },
  { id: 'claude-code', name: 'Claude Code', note: 'New sessions pick it up.' },
  { id: 'cursor', name: 'Cursor', note: 'Reload the window afterwards.' },
  { id: 'vscode', name: 'VS Code', note: 'Reload the window afterwards.' },
];

/** Connect to your assistant: one button per assistant, what changed and where the backup is, plus a snippet. */
export function AssistantsScreen() {
  const [results, setResults] = useState<Partial<Record<AssistantId, InstallResult>>>({});
  const [busy, setBusy] = useState<AssistantId | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [snippet, setSnippet] = useState<{ assistant: AssistantId; text: string; path: string } | null>(null);
  const [command, setCommand] = useState<string>('');

  useEffect(() => {
    call('getAppInfo', {}).then((info) => setCommand([info.gatewayCommand.command, ...info.gatewayCommand.args].join(' ')), () => undefined);
    call('assistantSnippet', { assistant: 'claude-desktop' }).then((s) => setSnippet({ assistant: s.assistant, text: s.snippet, path: s.path }), () => undefined);
  }, []);

  const install = async (assistant: AssistantId) => {
    setBusy(assistant);
    setError(null);
    try {
      const result = await call('installAssistant', { assistant });
      setResults((r) => ({ ...r, [assistant]: result }));
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(null);
    }
  };

  const showSnippet = async (assistant: AssistantId) => {
    try {
      const s = await call('assistantSnippet', { assistant });
      setSnippet({ assistant, text: s.snippet, path: s.path });
    } catch (e) {
      setError(asAppError(e));
    }
  };

  return (
    <section aria-labelledby="assistants-title">
      <ScreenHeading intro="Add Bridgekeeper to your AI assistant once. The assistant then sees the tools of every connection you allow; it never sees your tokens.">
        <span id="assistants-title">Connect to your assistant</span>
      </ScreenHeading>
      <ErrorBox error={error} />
      <ul className="assistant-grid">
        {ASSISTANTS.map((a) => {
          const result = results[a.id];
          return (
            <li key={a.id} className="card assistant" data-testid={`assistant-${a.id}`}>
              <h2>{a.name}</h2>
              <div className="row">
                <button type="button" className="button" onClick={() => install(a.id)} disabled={busy !== null}>
                  {busy === a.id ? 'Connecting…' : `Connect ${a.name}`}
                </button>
                <button type="button" className="link-button" onClick={() => showSnippet(a.id)}>Show config</button>
              </div>
              {result ? (
                <div className="notice notice-ok" role="status">
                  <p>{result.changed ? `Added Bridgekeeper to ${result.path}.` : `Already set up in ${result.path}: nothing changed.`}</p>
                  {result.backupPath ? <p className="small">Your previous file was saved as {result.backupPath}.</p> : null}
                  <p className="small">{a.note}</p>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {snippet ? (
        <div className="card">
          <h2>Set it up by hand</h2>
          <p className="muted">
            Paste this into {ASSISTANTS.find((a) => a.id === snippet.assistant)?.name}&apos;s MCP settings{snippet.path ? ` (${snippet.path})` : ''}. It starts Bridgekeeper&apos;s gateway (the local bridge your assistant talks to) over stdio.
          </p>
          <CopyBox label="Configuration snippet" text={snippet.text} rows={10} />
        </div>
      ) : null}
      {command ? <p className="muted small">Gateway command: <code>{command}</code></p> : null}
    </section>
  );
}
