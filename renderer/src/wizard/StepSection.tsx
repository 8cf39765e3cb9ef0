/** A wizard step's section, named by its heading; the heading takes the focus when the step is shown (Wizard.tsx). */
import type { ReactNode } from 'react';

export function StepSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}
