import { type FormEvent, useEffect, useState } from 'react';
import type { AssistantId, AssistantToolSetView } from '../../../shared/contract';
import { type AppError, asAppError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';

type Mode = AssistantToolSetView['toolMode'];

const MODES: Array<{ mode: Mode; label: string; help: string }> = [
  { mode: 'full', label: 'Every tool', help: 'Each tool of each connection is listed to the assistant.' },
  {
    mode: 'compact',
    label: 'Compact',
    help: 'The assistant sees two tools that search and run the others: best with many connections.',
  },
  { mode: 'auto', label: 'Automatic', help: 'Every tool up to 40, compact above that.' },
];

function summary(set: AssistantToolSetView): string {
  const sees =
    set.connections === 'all'
      ? 'All connections'
      : set.connections.length === 0
        ? 'No connection'
        : set.connections.map((c) => c.label).join(', ');
  return `${sees} · ${MODES.find((m) => m.mode === set.toolMode)?.label ?? set.toolMode}`;
}

/**
 * One assistant's tool set in its card: which connections it sees (all, or the ones ticked) and how tools are
 * listed (every tool, compact, automatic). Saved for the assistant's gateway, which updates its list at once.
 */
export function AssistantToolSet({ assistant, name }: { assistant: AssistantId; name: string }) {
  const [set, setSet] = useState<AssistantToolSetView | null>(null);
  const [connections, setConnections] = useState<Array<{ id: string; label: string }>>([]);
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [mode, setMode] = useState<Mode>('full');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const show = (next: AssistantToolSetView) => {
    setSet(next);
    setAll(next.connections === 'all');
    setChosen(new Set(next.connections === 'all' ? [] : next.connections.map((c) => c.id)));
    setMode(next.toolMode);
  };

  useEffect(() => {
    Promise.all([call('getAssistantToolSet', { assistant }), call('listConnections', {})]).then(
      ([current, list]) => {
        setConnections(list.connections.map((c) => ({ id: c.id, label: c.label })));
        show(current);
      },
      (e: unknown) => setError(asAppError(e)),
    );
  }, [assistant]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    try {
      const next = await call('setAssistantToolSet', {
        assistant,
        connections: all ? 'all' : [...chosen],
        toolMode: mode,
      });
      show(next);
      setSaved(`Saved: ${name} now sees ${summary(next)}. If it is running, its tool list updates now.`);
    } catch (e) {
      setError(asAppError(e));
    }
  };

  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  if (!set) return error ? <ErrorBox error={error} /> : null;
  const id = (part: string) => `${assistant}-${part}`;
  return (
    <details className="tool-set" data-testid="assistant-tool-set">
      <summary>
        Connections and tools: <span data-testid="tool-set-summary">{summary(set)}</span>
      </summary>
      <form className="form" onSubmit={save}>
        <fieldset>
          <legend>Connections {name} sees</legend>
          <label className="choice">
            <input type="radio" name={id('sees')} checked={all} onChange={() => setAll(true)} /> All connections,
            including ones you add later
          </label>
          <label className="choice">
            <input type="radio" name={id('sees')} checked={!all} onChange={() => setAll(false)} /> Only the ones ticked
            below
          </label>
          <ul className="plain-list">
            {connections.map((c) => (
              <li key={c.id}>
                <label className="choice">
                  <input
                    type="checkbox"
                    disabled={all}
                    checked={all || chosen.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                  />{' '}
                  {c.label}
                </label>
              </li>
            ))}
          </ul>
          {set.missing.length > 0 ? (
            <p className="field-help">
              {set.missing.length} chosen connection(s) were removed since; saving forgets them.
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>How {name} sees the tools</legend>
          {MODES.map((m) => (
            <label key={m.mode} className="choice">
              <input type="radio" name={id('mode')} checked={mode === m.mode} onChange={() => setMode(m.mode)} />{' '}
              {m.label}: <span className="muted">{m.help}</span>
            </label>
          ))}
        </fieldset>
        <ErrorBox error={error} />
        <div className="row">
          <button type="submit" className="button secondary">
            Save for {name}
          </button>
        </div>
        {saved ? (
          <p className="notice notice-ok" role="status">
            {saved}
          </p>
        ) : null}
      </form>
    </details>
  );
}
