/** The "New model" wizard: one step a screen, Back and Next, Next checks the step first and points at what to fix. */
import { useEffect, useRef, useState } from 'react';
import type { ProjectSummary, RunningService, StagedModel } from '../../../main/shared/crane-api.ts';
import { api, desktop } from '../api/transport.ts';
import { TestWindow } from '../test-window/TestWindow.tsx';
import { ErrorSummary, fieldId } from '../ui/Field.tsx';
import { codeOf, messageOf } from '../ui/format.ts';
import { BuildStep } from './BuildStep.tsx';
import { DropStep } from './DropStep.tsx';
import { ImageStep } from './ImageStep.tsx';
import { InspectStep } from './InspectStep.tsx';
import { RunStep } from './RunStep.tsx';
import { useBuild } from './use-build.ts';
import { formFromStaged, setupFromForm, type SetupForm } from './setup-form.ts';
import { SetupStep } from './SetupStep.tsx';
import { STEPS, StepIndicator } from './StepIndicator.tsx';
import { validateImageForm, validateSetupForm, type FieldErrors, type ImageForm } from './validate.ts';
import { clearSession, loadSession, saveSession } from './wizard-session.ts';

const LAST = STEPS.length;

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
  onStep?: (step: number) => void;
}

export function Wizard({ initialProject, onRunning, active = true, newRequest = 0, onStep }: WizardProps) {
  const [step, setStep] = useState(initialProject ? 4 : 1);
  const [staged, setStaged] = useState<StagedModel | undefined>();
  const [form, setForm] = useState<SetupForm | undefined>();
  const [project, setProject] = useState<ProjectSummary | undefined>(initialProject);
  const [imageForm, setImageForm] = useState<ImageForm>({
    tag: initialProject?.defaultTag ?? '',
    baseImage: '',
    port: '8080',
    cpus: '',
    memoryMb: '',
  });
  const build = useBuild();
  const built = build.built;
  const [service, setService] = useState<RunningService | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [offerReplace, setOfferReplace] = useState(false);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  // Until the saved session is checked, nothing is saved over it.
  const [resumed, setResumed] = useState(initialProject !== undefined);
  const heading = useRef<HTMLDivElement>(null);
  const handledNewRequest = useRef(0);

  // A reload goes on where the user was, with only what the core still holds.
  useEffect(() => {
    if (resumed) return;
    void loadSession()
      .then((session) => {
        if (!session) return;
        setStep(session.step);
        setStaged(session.staged);
        setForm(session.form);
        setProject(session.project);
        setImageForm(session.imageForm);
        if (session.built && session.buildTarget) build.restore(session.built, session.buildTarget);
        setService(session.service);
        if (session.service) onRunning?.(session.service.name || session.service.container);
      })
      .finally(() => setResumed(true));
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
    if (focusTick === 0) return;
    const first = Object.keys(errors)[0];
    const target =
      (first && document.getElementById(fieldId(first))) || document.querySelector<HTMLElement>('.error-summary, [role="alert"]');
    target?.focus();
  }, [focusTick]);

  const go = (to: number) => {
    setErrors({});
    setStep(to);
    requestAnimationFrame(() => heading.current?.querySelector<HTMLElement>('h2')?.focus());
  };

  const refuse = (found: FieldErrors) => {
    setErrors(found);
    setFocusTick((n) => n + 1);
  };

  const writeProject = async (current: SetupForm) => {
    if (!staged) return;
    setBusy(true);
    const dir = current.dir.trim();
    try {
      // Writing again where this wizard wrote before (after Back) replaces its own project.
      const summary = await api.createProject({
        stagedId: staged.stagedId,
        dir,
        setup: setupFromForm(current),
        replace: replace || project?.dir === dir,
      });
      setProject(summary);
      setImageForm((old) => ({ ...old, tag: summary.defaultTag }));
      build.reset();
      go(4);
    } catch (e) {
      // Only a project CraneML wrote before may be replaced (its message says how); other refusals stay where the folder is chosen.
      if (codeOf(e) === 'TARGET_EXISTS') {
        setOfferReplace(true);
        refuse({ replace: messageOf(e) });
      } else refuse({ create: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  /** A port taken now is said here, before the build, not after it at Run (this wizard's own container may hold it). */
  const portThenBuild = async (port: number) => {
    if (service && new URL(service.url).port === String(port)) return go(5);
    setBusy(true);
    try {
      await api.checkPort({ port });
      go(5);
    } catch (e) {
      refuse({ port: codeOf(e) === 'PORT_IN_USE' ? portTaken(port) : messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    if (step === 1 && !staged)
      return refuse({ files: 'Model files: drop or pick the model files, or use the digits example, then press Next.' });
    if (step === 3) {
      if (!form || !staged) return refuse({ files: 'Go back to the first step and drop a model first.' });
      const found = validateSetupForm(form, staged.outputs);
      if (Object.keys(found).length > 0) return refuse(found);
      setErrors({});
      return void writeProject(form);
    }
    if (step === 4) {
      if (!project) return refuse({ project: 'Go back and write the project first (step 3).' });
      const found = validateImageForm(imageForm);
      if (Object.keys(found).length > 0) return refuse(found);
      return void portThenBuild(Number(imageForm.port));
    }
    if (step === 6 && !service) return refuse({ run: 'Run the image first (press "Run"), then Next.' });
    go(Math.min(LAST, step + 1));
  };

  /** Back to the first step with nothing chosen; what was built or started stays on the Containers page. */
  const startOver = () => {
    setStaged(undefined);
    setForm(undefined);
    setProject(undefined);
    setImageForm((old) => ({ ...old, tag: '' }));
    setService(undefined);
    setOfferReplace(false);
    setReplace(false);
    build.reset();
    clearSession();
    go(1);
  };

  /** A refused drop: the model staged before is no longer the one chosen, so nothing of it stays. */
  const onRefused = () => {
    setStaged(undefined);
    setForm(undefined);
    setProject(undefined);
  };

  const onStaged = (model: StagedModel) => {
    setStaged(model);
    setForm(formFromStaged(model));
    setProject(undefined);
    setOfferReplace(false);
    setReplace(false);
    setErrors({});
  };

  const onProjectOpened = (summary: ProjectSummary) => {
    setStaged(undefined);
    setForm(undefined);
    setProject(summary);
    setImageForm((old) => ({ ...old, tag: summary.defaultTag }));
    setService(undefined);
    build.reset();
    go(4);
  };

  // The desktop app opened a model (file association, command line, File › Open model…, a drop): start from it.
  useEffect(() => {
    if (!desktop) return undefined;
    return api.subscribe('openModel', {}, (model) => {
      onStaged(model);
      window.location.hash = '#/wizard';
      go(2);
    });
  }, []);

  return (
    <div className="wizard">
      <h1>New model</h1>
      <StepIndicator step={step} />
      <ErrorSummary errors={errors} />
      <div ref={heading} className="step">
        {step === 1 && (
          <DropStep staged={staged} onStaged={onStaged} onRefused={onRefused} onProject={onProjectOpened} error={errors.files} />
        )}
        {step === 2 && <InspectStep staged={staged} />}
        {step === 3 && (
          <SetupStep
            key={staged?.stagedId}
            staged={staged}
            form={form}
            onChange={setForm}
            errors={errors}
            offerReplace={offerReplace}
            replace={replace}
            onReplace={setReplace}
          />
        )}
        {step === 4 && <ImageStep project={project} form={imageForm} onChange={setImageForm} errors={errors} />}
        {step === 5 && (
          <BuildStep dir={project?.dir} tag={imageForm.tag.trim()} baseImage={imageForm.baseImage.trim() || undefined} build={build} />
        )}
        {step === 6 && (
          <RunStep
            tag={built?.tag}
            port={Number(imageForm.port)}
            cpus={optionalNumber(imageForm.cpus)}
            memoryMb={optionalNumber(imageForm.memoryMb)}
            service={service}
            onService={(started) => {
              setService(started);
              onRunning?.(started.name || started.container);
            }}
            onGone={() => {
              setService(undefined);
              onRunning?.(null);
            }}
            onTest={() => go(7)}
          />
        )}
        {step === 7 && active && (service ? <TestWindow container={service.container} /> : <p>Run a container first (step 6).</p>)}
      </div>
      <div className="wizard-nav">
        <button type="button" disabled={step === 1 || busy} onClick={() => go(step - 1)}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          disabled={step === LAST || busy || (step === 5 && (!built || build.jobId !== null))}
          onClick={next}
        >
          Next
        </button>
        {step > 1 && (
          <button type="button" disabled={busy || build.jobId !== null} onClick={startOver}>
            Start over
          </button>
        )}
        {busy && (
          <span role="status" className="busy">
            {step === 4 ? 'Checking the port…' : 'Writing the project…'}
          </span>
        )}
      </div>
    </div>
  );
}
