/** Where the user is in the wizard: an ordered list of the steps, the current one marked. */
import { STEPS, stepIndex, type StepName } from './wizard-state.ts';

export function StepIndicator({ step }: { step: StepName }) {
  const current = stepIndex(step);
  return (
    <ol className="steps" aria-label="Steps">
      {STEPS.map(({ name, title }, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={name} className={state} aria-current={i === current ? 'step' : undefined}>
            <span className="step-number">{i + 1}</span> {title}
          </li>
        );
      })}
    </ol>
  );
}
