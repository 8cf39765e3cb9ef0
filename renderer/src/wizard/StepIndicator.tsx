/** Where the user is in the wizard: an ordered list of the steps, the current one marked. */
export const STEPS = ['Drop', 'Inspect', 'Input and output', 'Docker image', 'Build', 'Run', 'Test'] as const;

export function StepIndicator({ step }: { step: number }) {
  return (
    <ol className="steps" aria-label="Steps">
      {STEPS.map((title, i) => {
        const n = i + 1;
        const state = n < step ? 'done' : n === step ? 'current' : 'todo';
        return (
          <li key={title} className={state} aria-current={n === step ? 'step' : undefined}>
            <span className="step-number">{n}</span> {title}
          </li>
        );
      })}
    </ol>
  );
}
