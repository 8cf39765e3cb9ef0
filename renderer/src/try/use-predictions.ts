/**
 * Sends predictions one after another and keeps only the newest outcome (older ones arriving late are dropped):
 * an answer or an error, never one next to the other.
 */
import { useRef, useState } from 'react';
import type { PredictResponse } from '../../../main/shared/http-contract.ts';
import { messageOf } from '../ui/format.ts';
import type { Timed } from './container-client.ts';

export function usePredictions() {
  const sequence = useRef(0);
  const [answer, setAnswer] = useState<PredictResponse | null>(null);
  const [ms, setMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = (call: () => Promise<Timed<PredictResponse>>) => {
    const ticket = ++sequence.current;
    setBusy(true);
    call().then(
      (result) => {
        if (ticket !== sequence.current) return;
        setAnswer(result.value);
        setMs(result.ms);
        setError(null);
        setBusy(false);
      },
      (e) => {
        if (ticket !== sequence.current) return;
        // The answer shown so far was for an earlier input: beside this failure it would read as the current one.
        setAnswer(null);
        setMs(null);
        setError(messageOf(e));
        setBusy(false);
      },
    );
  };

  const reset = () => {
    sequence.current++;
    setAnswer(null);
    setMs(null);
    setError(null);
    setBusy(false);
  };

  return { answer, ms, error, busy, send, reset };
}
