import { useCallback, useEffect, useState } from 'react';
import type { ConnectionSummary, ResponseOf } from '../../shared/contract';
import { type AppError, asAppError, call } from './api';
import { ErrorBox } from './components/ErrorBox';
import { ActivityScreen } from './screens/ActivityScreen';
import { AddConnectionWizard } from './screens/AddConnectionWizard';
import { AssistantsScreen } from './screens/AssistantsScreen';
import { ConnectionDetail } from './screens/ConnectionDetail';
import { ConnectionsScreen } from './screens/ConnectionsScreen';
import { InspectTokenScreen } from './screens/InspectTokenScreen';

export type Screen = 'connections' | 'add' | 'detail' | 'inspect' | 'activity' | 'assistants';

const NAV: Array<{ id: Screen; label: string }> = [
  { id: 'connections', label: 'Connections' },
  { id: 'add', label: 'Add connection' },
  { id: 'inspect', label: 'Inspect a token' },
  { id: 'activity', label: 'Activity' },
  { id: 'assistants', label: 'Connect to your assistant' },
];

/** The app shell: a side navigation and one screen at a time. */
export function App() {
  const [screen, setScreen] = useState<Screen>('connections');
  const [selected, setSelected] = useState<string | null>(null);
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [prefs, setPrefs] = useState<ResponseOf<'getPreferences'> | null>(null);
  /** Bumped on every navigation so choosing a screen again starts it afresh (e.g. a new wizard). */
  const [visit, setVisit] = useState(0);

  const refresh = useCallback(async () => {
    try {
      setConnections((await call('listConnections', {})).connections);
      setError(null);
    } catch (e) {
      setError(asAppError(e));
    }
  }, []);

  useEffect(() => {
    call('listConnections', {}).then(
      (reply) => setConnections(reply.connections),
      (e: unknown) => setError(asAppError(e)),
    );
    call('getPreferences', {}).then(setPrefs, () => undefined);
  }, []);

  useEffect(() => {
    if (prefs) document.documentElement.setAttribute('data-theme', prefs.theme);
  }, [prefs]);

  const savePrefs = async (patch: Partial<ResponseOf<'getPreferences'>>) => {
    try {
      setPrefs(await call('setPreferences', patch));
    } catch (e) {
      setError(asAppError(e));
    }
  };

  const go = (next: Screen) => {
    setScreen(next);
    setVisit((v) => v + 1);
    if (next === 'connections') void refresh();
  };
  const open = (id: string) => {
    setSelected(id);
    setScreen('detail');
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            BK
          </span>
          <span className="brand-name">Bridgekeeper</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={
                    screen === item.id || (item.id === 'connections' && screen === 'detail') ? 'page' : undefined
                  }
                  onClick={() => go(item.id)}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <label htmlFor="theme">Appearance</label>
          <select
            id="theme"
            value={prefs?.theme ?? 'system'}
            onChange={(e) => void savePrefs({ theme: e.target.value as 'system' | 'light' | 'dark' })}
          >
            <option value="system">Same as my system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <p>Secrets stay in your system keychain. Assistants only see the tools you allow.</p>
        </div>
      </aside>
      <main id="main" className="content" key={visit}>
        <ErrorBox error={error} title="Could not load your connections" />
        {screen === 'connections' && (
          <ConnectionsScreen
            connections={connections}
            onOpen={open}
            onAdd={() => go('add')}
            firstRun={prefs?.firstRun ?? false}
            onWelcomed={() => void savePrefs({ firstRun: false })}
          />
        )}
        {screen === 'add' && (
          <AddConnectionWizard
            onDone={(id) => {
              void refresh();
              open(id);
            }}
          />
        )}
        {screen === 'detail' && selected && (
          <ConnectionDetail
            key={selected}
            id={selected}
            onRemoved={() => go('connections')}
            onBack={() => go('connections')}
            onChanged={refresh}
          />
        )}
        {screen === 'inspect' && <InspectTokenScreen />}
        {screen === 'activity' && <ActivityScreen connections={connections ?? []} />}
        {screen === 'assistants' && <AssistantsScreen />}
      </main>
    </div>
  );
}
