/**
 * The one region (role="status") where every try-it control tells its outcome: the answer, or why there is
 * none in words; never both. Screen readers announce what changes in it; details (bars, pictures) stay outside.
 */
import type { ReactNode } from 'react';

export interface AnswerStatusProps {
  /** Why there is no answer, in words; when set it takes the answer's place. */
  error: string | null;
  /** The answer in a line or two (a label and score, a value, a count of rows answered). */
  children: ReactNode;
}

/** @example <AnswerStatus error={predictions.error}>7 — 98.2%</AnswerStatus> */
export function AnswerStatus({ error, children }: AnswerStatusProps) {
  return (
    <div role="status" className={error ? 'answer-status refused' : 'answer-status'}>
      {error ? <p className="alert answer-error">{error}</p> : children}
    </div>
  );
}
