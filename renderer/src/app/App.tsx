/** The app shell: top navigation (New model, the wizard in progress, Containers, Test) and the place the URL hash names. */
import { useEffect, useState } from 'react';
import type { AppState } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Dashboard } from '../containers/Dashboard.tsx';
import { TestWindow } from '../test-window/TestWindow.tsx';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { Wizard } from '../wizard/Wizard.tsx';
import { FIRST_STEP, stepTitle, type StepName } from '../wizard/wizard-state.ts';
import { routeHash } from './route.ts';
import { useRoute } from './use-route.ts';

export function App() {
  const [route, navigate] = useRoute();
  const [state, setState] = useState<AppState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [lastTested, setLastTested] = useState<string | null>(null);
  // Each "New model" asks the wizard to start over once; its step says whether one is in progress to continue.
  const [newRequest, setNewRequest] = useState(0);
  const [wizardStep, setWizardStep] = useState<StepName>(FIRST_STEP);

  useEffect(() => {
    api
      .appState({})
      .then(setState, (e) => setError(messageOf(e)))
      .finally(() => setLoaded(true));
  }, []);

  useEffect(() => {
    if (route.page === 'test' && route.container) setLastTested(route.container);
    if (route.page === 'new') {
      setNewRequest((n) => n + 1);
      // Back and a reload return to the wizard, never to another new one.
      navigate({ page: 'wizard' }, { replace: true });
    }
  }, [route]);

  const onWizard = route.page === 'wizard' || route.page === 'new';
  const inProgress = wizardStep !== FIRST_STEP;
  const testHref = routeHash({ page: 'test', container: lastTested ?? undefined });
  const openTest = (container: string) => navigate({ page: 'test', container });

  return (
    <>
      <header className="topbar">
        <span className="brand">CraneML{state ? ` ${state.version}` : ''}</span>
        <nav aria-label="Main">
          <a href="#/new" aria-current={onWizard && !inProgress ? 'page' : undefined}>
            New model
          </a>
          {inProgress && (
            <a href="#/wizard" aria-current={onWizard ? 'page' : undefined}>
              Continue: {stepTitle(wizardStep)}
            </a>
          )}
          <a href="#/containers" aria-current={route.page === 'containers' ? 'page' : undefined}>
            Containers
          </a>
          <a href={testHref} aria-current={route.page === 'test' ? 'page' : undefined}>
            Test window
          </a>
        </nav>
      </header>
      <main>
        <Alert message={error} />
        {!loaded && <p className="busy">Loading…</p>}
        {loaded && (
          <div hidden={!onWizard}>
            <Wizard
              initialProject={state?.project}
              onRunning={setLastTested}
              active={onWizard}
              newRequest={newRequest}
              onStep={setWizardStep}
            />
          </div>
        )}
        {route.page === 'containers' && <Dashboard projectsDir={state?.projectsDir ?? '~'} onTest={openTest} />}
        {route.page === 'test' &&
          (route.container ? (
            <TestWindow key={route.container} container={route.container} />
          ) : (
            <section aria-labelledby="test-title">
              <h1 id="test-title">Test window</h1>
              <p>No container chosen: press Test next to a running container on the Containers page, or run one from New model.</p>
            </section>
          ))}
      </main>
    </>
  );
}
