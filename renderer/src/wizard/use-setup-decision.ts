/**
 * Asks the core for its set-up decision (api.decideSetup) whenever the labels, the Score output or the
 * Softmax control change, and puts the newest answer into the form; a model whose file fixes its
 * classes (a notebook or Python model) is not asked about.
 */
import { useEffect, useState } from 'react';
import type { SetupDecision, StagedModel } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { messageOf } from '../ui/format.ts';
import { decisionOverrides, parseLabels, type SetupForm } from './setup-form.ts';

/** @returns the message of a failed call, or null. */
export function useSetupDecision(staged: StagedModel, form: SetupForm, update: (patch: Partial<SetupForm>) => void): string | null {
  const [answer, setAnswer] = useState<SetupDecision | undefined>();
  const [error, setError] = useState<string | null>(null);
  const decided = !form.table && !form.python;
  const labels = parseLabels(form.labels);
  const overrides = decisionOverrides(form);

  useEffect(() => {
    if (!decided) return undefined;
    let stale = false;
    api.decideSetup({ stagedId: staged.stagedId, labels, ...overrides }).then(
      (decision) => {
        if (stale) return;
        setAnswer(decision);
        setError(null);
      },
      (e) => !stale && setError(messageOf(e)),
    );
    return () => {
      stale = true;
    };
  }, [staged.stagedId, decided, JSON.stringify(labels), overrides.output, overrides.softmax]);

  // Into the form after the render that brought it, so the patch lands on the form as it is now.
  useEffect(() => {
    if (!answer || answer === form.decision) return;
    update({ decision: answer, ...(form.topKEdited ? {} : { topK: String(answer.topK) }) });
  }, [answer]);

  return error;
}
