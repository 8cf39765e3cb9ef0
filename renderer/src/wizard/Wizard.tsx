/** The "New model" wizard: one step a screen, Back and Next, Next checks the step first and points at what to fix. */
import { useEffect, useReducer, useRef } from 'react';
import type { ProjectSummary, StagedModel } from '../../../main/shared/crane-api.ts';
import { api, desktop } from '../api/transport.ts';
import { TestWindow } from '../test-window/TestWindow.tsx';
import { ErrorSummary, fieldId } from '../ui/Field.tsx';
import { codeOf, messageOf } from '../ui/format.ts';
import { useAsyncAction } from '../ui/use-async-action.ts';
import { BuildStep } from './BuildStep.tsx';
import { DropStep } from './DropStep.tsx';
import { ImageStep } from './ImageStep.tsx';
import { InspectStep } from './InspectStep.tsx';
import { RunStep } from './RunStep.tsx';
import { useBuild } from './use-build.ts';
import { setupFromForm, type SetupForm } from './setup-form.ts';
import { decisionAwaited } from './validate.ts';
import { SetupStep } from './SetupStep.tsx';
import { StepIndicator } from './StepIndicator.tsx';
import { FIRST_STEP, initialWizardState, LAST_STEP, nextMove, stepFrom, wizardReducer, type StepName } from './wizard-state.ts';
import { clearSession, loadSession, saveSession } from './wizard-session.ts';

function portTaken(port: number): string {
  return `Port: ${port} is already in use on 127.0.0.1; choose another, or stop what uses it (Containers).`;
}

function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

interface WizardProps {
  /** The project to continue from (the app was started with it): the wizard opens at the Image step. */
  initialProject?: ProjectSummary;
  /** Told the container the Run step started (null once it is gone), so the app's Test window can open it. */
  onRunning?: (container: string | null) => void;
  /** False while another place of the app is shown: the Test step's window then lets go (paste listener, requests). */
  active?: boolean;
  /** Counts the user's "New model" asks: each new count starts the wizard over (not during a build or a write). */
  newRequest?: number;
  /** Told the step the wizard is on, so the app can offer to continue it. */
  onStep?: (step: StepName) => void;
}

export function Wizard({ initialProject, onRunning, active = true, newRequest = 0, onStep }: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialProject, initialWizardState);
  const { step, staged, form, project, imageForm, service, errors, resumed } = state;
  const build = useBuild();
  const built = build.built;
  // Writing the project and checking the port: the refusals go to the step's fields, not to an alert of their own.
  const call = useAsyncAction();
  const busy = call.busy;
  const heading = useRef<HTMLDivElement>(null);
  const handledNewRequest = useRef(0);

  // A reload goes on where the user was, with only what the core still holds.
  useEffect(() => {
    if (resumed) return;
    void loadSession().then(
      (session) => {
        dispatch({ type: 'resumed', session });
        if (!session) return;
        if (session.built && session.buildTarget) build.restore(session.built, session.buildTarget);
        if (session.service) onRunning?.(session.service.name || session.service.container);
      },
      () => dispatch({ type: 'resumed' }),
    );
  }, []);

  useEffect(() => {
    if (resumed) saveSession({ step, staged, form, project, imageForm, built, buildTarget: build.target, service });
  }, [resumed, step, staged, form, project, imageForm, built, build.target, service]);

  useEffect(() => onStep?.(step), [step]);

  // "New model" starts over once the saved session is taken up (else the resumed one would come back over it).
  useEffect(() => {
    if (!resumed || newRequest === handledNewRequest.current) return;
    handledNewRequest.current = newRequest;
    if (build.jobId !== null || busy)
      return refuse({ newModel: 'New model: wait until the build ends or press Cancel, then press New model again.' });
    startOver();
  }, [resumed, newRequest]);

  // After a refused Next, focus the first field in error (or the error summary when it has no field).
  useEffect(() => {
    if (state.refusals === 0) return;
    const first = Object.keys(errors)[0];
    const target =
      (first && document.getElementById(fieldId(first))) || document.querySelector<HTMLElement>('.error-summary, [role="alert"]');
    target?.focus();
  }, [state.refusals]);

  /** The new step's heading takes the focus once it is shown. */
  const focusHeading = () => requestAnimationFrame(() => heading.current?.querySelector<HTMLElement>('h2')?.focus());

  const go = (to: StepName) => {
    dispatch({ type: 'go', to });
    focusHeading();
  };

  const refuse = (found: Record<string, string>) => dispatch({ type: 'refused', errors: found });

  const writeProject = (staged: StagedModel, current: SetupForm) => {
    const dir = current.dir.trim();
    return call.run(
      async () => {
        // Writing again where this wizard wrote before (after Back) replaces its own project.
        const summary = await api.createProject({
          stagedId: staged.stagedId,
          dir,
          setup: setupFromForm(current),
          replace: state.replace || project?.dir === dir,
        });
        build.reset();
        dispatch({ type: 'projectWritten', project: summary });
        focusHeading();
      },
      {
        // Only a project CraneML wrote before may be replaced (its message says how); other refusals stay where the folder is chosen.
        failure: (e) => {
          if (codeOf(e) === 'TARGET_EXISTS') dispatch({ type: 'projectExists', message: messageOf(e) });
          else refuse({ create: messageOf(e) });
          return null;
        },
      },
    );
  };

  /** A port taken now is said here, before the build, not after it at Run (this wizard's own container may hold it). */
  const portThenBuild = (port: number) => {
    if (service && new URL(service.url).port === String(port)) return go('build');
    return call.run(
      async () => {
        await api.checkPort({ port });
        go('build');
      },
      {
        failure: (e) => {
          refuse({ port: codeOf(e) === 'PORT_IN_USE' ? portTaken(port) : messageOf(e) });
          return null;
        },
      },
    );
  };

  const next = () => {
    const move = nextMove(state);
    if (move.kind === 'refuse') return refuse(move.errors);
    if (move.kind === 'writeProject') {
      dispatch({ type: 'checked' });
      return void writeProject(move.staged, move.form);
    }
    if (move.kind === 'awaitDecision') return dispatch({ type: 'awaitDecision' });
    if (move.kind === 'checkPort') return void portThenBuild(move.port);
    go(move.to);
  };

  // A Next that waited for the core's decision on the labels goes on once the answer is in the form.
  useEffect(() => {
    if (state.awaitingDecision && form && !decisionAwaited(form)) next();
  }, [state.awaitingDecision, form?.decision]);

  /** Back to the first step with nothing chosen; what was built or started stays on the Containers page. */
  const startOver = () => {
    dispatch({ type: 'startOver' });
    build.reset();
    clearSession();
    focusHeading();
  };

  const onProjectOpened = (summary: ProjectSummary) => {
    build.reset();
    dispatch({ type: 'projectOpened', project: summary });
    focusHeading();
  };

  // The desktop app opened a model (file association, command line, File › Open model…, a drop): start from it.
  useEffect(() => {
    if (!desktop) return undefined;
    return api.subscribe('openModel', {}, (model) => {
      dispatch({ type: 'staged', model });
      window.location.hash = '#/wizard';
      go('inspect');
    });
  }, []);

  return (
    <div className="wizard">
      <h1>New model</h1>
      <StepIndicator step={step} />
      <ErrorSummary errors={errors} />
      <div ref={heading} className="step">
        {step === 'drop' && (
          <DropStep
            staged={staged}
            onStaged={(model) => dispatch({ type: 'staged', model })}
            onRefused={() => dispatch({ type: 'stageRefused' })}
            onProject={onProjectOpened}
            error={errors.files}
          />
        )}
        {step === 'inspect' && <InspectStep staged={staged} />}
        {step === 'setup' && (
          <SetupStep
            key={staged?.stagedId}
            staged={staged}
            form={form}
            onChange={(patch) => dispatch({ type: 'formChanged', patch })}
            errors={errors}
            offerReplace={state.offerReplace}
            replace={state.replace}
            onReplace={(replace) => dispatch({ type: 'replaceChanged', replace })}
            waitingForDecision={state.awaitingDecision}
            onDecisionFailed={() => dispatch({ type: 'decisionFailed' })}
          />
        )}
        {step === 'image' && (
          <ImageStep
            project={project}
            form={imageForm}
            onChange={(changed) => dispatch({ type: 'imageFormChanged', form: changed })}
            errors={errors}
          />
        )}
        {step === 'build' && (
          <BuildStep dir={project?.dir} tag={imageForm.tag.trim()} baseImage={imageForm.baseImage.trim() || undefined} build={build} />
        )}
        {step === 'run' && (
          <RunStep
            tag={built?.tag}
            port={Number(imageForm.port)}
            cpus={optionalNumber(imageForm.cpus)}
            memoryMb={optionalNumber(imageForm.memoryMb)}
            service={service}
            onService={(started) => {
              dispatch({ type: 'serviceStarted', service: started });
              onRunning?.(started.name || started.container);
            }}
            onGone={() => {
              dispatch({ type: 'serviceGone' });
              onRunning?.(null);
            }}
            onTest={() => go('test')}
          />
        )}
        {step === 'test' && active && (service ? <TestWindow container={service.container} /> : <p>Run a container first (step 6).</p>)}
      </div>
      <div className="wizard-nav">
        <button type="button" disabled={step === FIRST_STEP || busy} onClick={() => go(stepFrom(step, -1))}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          disabled={step === LAST_STEP || busy || (step === 'build' && (!built || build.jobId !== null))}
          onClick={next}
        >
          Next
        </button>
        {step !== FIRST_STEP && (
          <button type="button" disabled={busy || build.jobId !== null} onClick={startOver}>
            Start over
          </button>
        )}
        {busy && (
          <span role="status" className="busy">
            {step === 'image' ? 'Checking the port…' : 'Writing the project…'}
          </span>
        )}
        {state.awaitingDecision && (
          <span role="status" className="busy">
            Checking the labels against the model…
          </span>
        )}
      </div>
    </div>
  );
}
