/** A parity report as one line for people: the CLI, the manifest's metadata and error messages say it alike. */
import type { ParityReport } from './conversion-schema.ts';

/** A difference as people read it: 0, 3.1e-7, 1e-4, 0.0021. */
function figure(value: number): string {
  const rounded = Number(value.toPrecision(2));
  return rounded !== 0 && rounded < 1e-3 ? rounded.toExponential() : String(rounded);
}

/**
 * @example parityLine(report) // "200 synthesised rows, labels agree 200/200, max abs diff 3.1e-7 (rel 1.2e-6) within tolerance 1e-4, float32"
 */
export function parityLine(parity: ParityReport): string {
  const labels = parity.labels_agree === undefined ? '' : `, labels agree ${parity.labels_agree}/${parity.rows}`;
  const within = parity.passed ? 'within' : 'over';
  return (
    `${parity.rows} ${parity.sample === 'user' ? 'rows of the sample' : 'synthesised rows'}${labels}, ` +
    `max abs diff ${figure(parity.max_abs_diff)} (rel ${figure(parity.max_rel_diff)}) ${within} tolerance ${figure(parity.tolerance)}, ${parity.dtype}`
  );
}
