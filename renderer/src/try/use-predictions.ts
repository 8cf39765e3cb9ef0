/**
 * Sends predictions one after another and keeps only the newest outcome (older ones arriving late are dropped):
 * an answer or an error in words, never one next to the other. Shown by PredictionView in the one status region.
 */
import { useRef, useState } from 'react';
import type { PredictResponse } from '../../../main/shared/http-contract.ts';
import { messageOf } from '../ui/format.ts';
import type { Timed } from './container-client.ts';

export interface Predictions {
  answer: PredictResponse | null;
  /** The round trip of the answer shown, in milliseconds. */
  ms: number | null;
  /** Why there is no answer, in words: the server's refusal, or an input refused before sending. */
  error: string | null;
  busy: boolean;
  /** Sends a call; its outcome replaces whatever was shown, unless a newer call was sent meanwhile. */
  send(call: () => Promise<Timed<PredictResponse>>): void;
  /** Shows why an input was not sent (not JSON, a picture over the limit); a call still under way is dropped. */
  refuse(message: string): void;
  /** Back to nothing shown. */
  reset(): void;
}

export function usePredictions(): Predictions {
  const sequence = useRef(0);
  const [answer, setAnswer] = useState<PredictResponse | null>(null);
  const [ms, setMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Whatever is shown now belongs to an earlier input: it goes, and `error` (if any) takes its place. */
  const show = (next: { answer: PredictResponse; ms: number } | { error: string | null }) => {
    setAnswer('answer' in next ? next.answer : null);
    setMs('answer' in next ? next.ms : null);
    setError('error' in next ? next.error : null);
    setBusy(false);
  };

  const send = (call: () => Promise<Timed<PredictResponse>>) => {
    const ticket = ++sequence.current;
    setBusy(true);
    call().then(
      (result) => ticket === sequence.current && show({ answer: result.value, ms: result.ms }),
      (e) => ticket === sequence.current && show({ error: messageOf(e) }),
    );
  };

  const refuse = (message: string) => {
    sequence.current++;
    show({ error: message });
  };

  const reset = () => {
    sequence.current++;
    show({ error: null });
  };

  return { answer, ms, error, busy, send, refuse, reset };
}
