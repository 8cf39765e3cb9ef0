/** A deployment's replica count (1 to 100) and its Scale button; Enter in the field scales too. */
import { useState } from 'react';
import { isReplicaCount, MAX_REPLICAS, MIN_REPLICAS } from '../../../main/shared/deployment-rules.ts';

interface Props {
  name: string;
  desired: number;
  busy: boolean;
  onScale: (replicas: number) => void;
}

export function ScaleForm({ name, desired, busy, onScale }: Props) {
  const [value, setValue] = useState(String(desired));
  const replicas = Number(value);
  const valid = isReplicaCount(replicas);
  const id = `scale-${name}`;
  return (
    <form
      className="scale-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid && replicas !== desired) onScale(replicas);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Replicas of {name}
      </label>
      <input
        id={id}
        type="number"
        min={MIN_REPLICAS}
        max={MAX_REPLICAS}
        step={1}
        value={value}
        aria-invalid={valid ? undefined : true}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" disabled={busy || !valid || replicas === desired}>
        Scale
      </button>
    </form>
  );
}
