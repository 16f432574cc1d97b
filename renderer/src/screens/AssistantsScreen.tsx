import { useCallback, useEffect, useState } from 'react';
import type { AssistantId, InstallResult, ResponseOf } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { CopyBox } from '../components/CopyBox';
import { ErrorBox } from '../components/ErrorBox';
import { ScreenHeading } from '../components/ScreenHeading';
import { AssistantToolSet } from './AssistantToolSet';

const ASSISTANTS: Array<{ id: AssistantId; name: string; note: string }> = [
  { id: 'claude-desktop', name: 'Claude Desktop', note: 'Restart Claude Desktop afterwards.' },
  { id: 'claude-code', name: 'Claude Code', note: 'New sessions pick it up.' },
  { id: 'cursor', name: 'Cursor', note: 'Reload the window afterwards.' },
  { id: 'vscode', name: 'VS Code', note: 'Reload the window afterwards.' },
];

type Status = ResponseOf<'listAssistants'>['assistants'][number];

/**
 * Connect to your assistant: which assistants already have Bridgekeeper (read from their config files), a
 * Connect or Disconnect button for each, what changed and where the backup is, plus a snippet.
 */
export function AssistantsScreen() {
  const [results, setResults] = useState<Partial<Record<AssistantId, InstallResult>>>({});
  const [busy, setBusy] = useState<AssistantId | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [snippet, setSnippet] = useState<{ assistant: AssistantId; text: string; path: string } | null>(null);
  const [command, setCommand] = useState<string>('');
  const [statuses, setStatuses] = useState<Partial<Record<AssistantId, Status>>>({});
  const [removed, setRemoved] = useState<Partial<Record<AssistantId, string>>>({});
  /** Claude Code's own command to run by hand (its CLI was not found), per assistant. */
  const [toRun, setToRun] = useState<Partial<Record<AssistantId, { command: string; adds: boolean }>>>({});

  const refresh = useCallback(async () => {
    try {
      const list = await call('listAssistants', {});
      setStatuses(Object.fromEntries(list.assistants.map((a) => [a.assistant, a])));
    } catch (e) {
      setError(asAppError(e));
    }
  }, []);
  useEffect(() => {
    call('listAssistants', {}).then(
      (list) => setStatuses(Object.fromEntries(list.assistants.map((a) => [a.assistant, a]))),
      (e: unknown) => setError(asAppError(e)),
    );
  }, []);

  const disconnect = async (assistant: AssistantId) => {
    setBusy(assistant);
    setError(null);
    try {
      const result = await call('uninstallAssistant', { assistant });
      setResults((r) => ({ ...r, [assistant]: undefined }));
      setToRun((r) => ({
        ...r,
        [assistant]:
          result.route === 'command' && result.command ? { command: result.command, adds: false } : undefined,
      }));
      setRemoved((r) => ({
        ...r,
        [assistant]:
          result.route === 'command'
            ? "Claude Code's command line (claude) was not found on this computer. Run this in a terminal to remove Bridgekeeper, then press Check again:"
            : result.changed
              ? result.route === 'cli'
                ? "Removed Bridgekeeper with Claude Code's own command."
                : `Removed Bridgekeeper from ${result.path}.${result.backupPath ? ` Your previous file was saved as ${result.backupPath}.` : ''}`
              : 'It was not set up there: nothing changed.',
      }));
      await refresh();
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(null);
    }
  };

  useEffect(() => {
    call('getAppInfo', {}).then(
      (info) => setCommand([info.gatewayCommand.command, ...info.gatewayCommand.args].join(' ')),
      () => undefined,
    );
    call('assistantSnippet', { assistant: 'claude-desktop' }).then(
      (s) => setSnippet({ assistant: s.assistant, text: s.snippet, path: s.path }),
      () => undefined,
    );
  }, []);

  const install = async (assistant: AssistantId) => {
    setBusy(assistant);
    setError(null);
    try {
      const result = await call('installAssistant', { assistant });
      setResults((r) => ({ ...r, [assistant]: result }));
      setToRun((r) => ({
        ...r,
        [assistant]: result.route === 'command' && result.command ? { command: result.command, adds: true } : undefined,
      }));
      setRemoved((r) => ({ ...r, [assistant]: undefined }));
      await refresh();
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
          const status = statuses[a.id];
          return (
            <li key={a.id} className="card assistant" data-testid={`assistant-${a.id}`}>
              <h2>{a.name}</h2>
              <p data-testid="assistant-state" className={status?.configured ? 'scope-ok' : 'muted'}>
                {status === undefined
                  ? 'Checking…'
                  : status.configured
                    ? `Connected: Bridgekeeper is in its settings${status.where ? ` ${status.where}` : ''}.`
                    : status.problem
                      ? `Its settings file could not be read: ${status.problem}`
                      : 'Not connected.'}
              </p>
              <div className="row">
                <button type="button" className="button" onClick={() => install(a.id)} disabled={busy !== null}>
                  {busy === a.id ? 'Working…' : `Connect ${a.name}`}
                </button>
                {status?.configured ? (
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => disconnect(a.id)}
                    disabled={busy !== null}
                  >
                    {`Remove from ${a.name}`}
                  </button>
                ) : null}
                <button type="button" className="link-button" onClick={() => showSnippet(a.id)}>
                  Show config
                </button>
              </div>
              <AssistantToolSet assistant={a.id} name={a.name} />
              {removed[a.id] ? (
                <div className="notice" role="status">
                  <p>{removed[a.id]}</p>
                </div>
              ) : null}
              {result && result.route === 'command' ? (
                <div className="notice" role="status">
                  <p>
                    {status?.configured
                      ? 'Connected: Bridgekeeper is in its settings.'
                      : "Claude Code's command line (claude) was not found on this computer. Run this in a terminal, then press Check again:"}
                  </p>
                </div>
              ) : result ? (
                <div className="notice notice-ok" role="status">
                  <p>
                    {result.route === 'cli'
                      ? result.changed
                        ? "Added Bridgekeeper with Claude Code's own command (for every project)."
                        : 'Already set up: nothing changed.'
                      : result.changed
                        ? `Added Bridgekeeper to ${result.path}.`
                        : `Already set up in ${result.path}: nothing changed.`}
                  </p>
                  {result.route === 'cli' && result.command ? (
                    <p className="small">
                      Ran <code>{result.command}</code>
                    </p>
                  ) : null}
                  {result.backupPath ? (
                    <p className="small">Your previous file was saved as {result.backupPath}.</p>
                  ) : null}
                  <p className="small">{a.note}</p>
                </div>
              ) : null}
              {toRun[a.id] && toRun[a.id]!.adds !== !!status?.configured ? (
                <>
                  <CopyBox label={`Command for ${a.name}`} text={toRun[a.id]!.command} rows={5} />
                  <div className="row">
                    <button type="button" className="button secondary" onClick={() => void refresh()}>
                      Check again
                    </button>
                  </div>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      {snippet ? (
        <div className="card">
          <h2>Set it up by hand</h2>
          {snippet.assistant === 'claude-code' ? (
            <p className="muted">
              For one project only: save this as <code>.mcp.json</code> in the project&apos;s folder (Claude Code asks
              before it uses a project&apos;s servers). It starts Bridgekeeper&apos;s gateway (the local bridge your
              assistant talks to) over stdio.
            </p>
          ) : (
            <p className="muted">
              Paste this into {ASSISTANTS.find((a) => a.id === snippet.assistant)?.name}&apos;s MCP settings
              {snippet.path ? ` (${snippet.path})` : ''}. It starts Bridgekeeper&apos;s gateway (the local bridge your
              assistant talks to) over stdio.
            </p>
          )}
          <CopyBox label="Configuration snippet" text={snippet.text} rows={10} />
        </div>
      ) : null}
      {command ? (
        <p className="muted small">
          Gateway command: <code>{command}</code>
        </p>
      ) : null}
    </section>
  );
}
