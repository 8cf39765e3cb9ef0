/** Numbers from command-line options, checked by the shared rules, with one USAGE message naming the flag. */
import { CraneError } from '../errors.ts';
import { MAX_REPLICAS, MIN_REPLICAS } from '../shared/deployment-rules.ts';
import { parsePort, portRange, type PortChoice } from '../shared/port-rule.ts';

/**
 * A whole number in [min, max] from an option, or a USAGE error naming the flag.
 * @example wholeNumber('3', '--replicas', 1, 100) // 3
 */
export function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CraneError('USAGE', `${flag} wants a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/**
 * A replica count from an option (shared/deployment-rules.ts), or a USAGE error naming the flag.
 * @example replicasOption('3', '--replicas') // 3
 */
export function replicasOption(value: string, flag: string): number {
  return wholeNumber(value, flag, MIN_REPLICAS, MAX_REPLICAS);
}

/**
 * A port from an option (shared/port-rule.ts), or a USAGE error naming the flag.
 * @example portOption('0', '--port', { anyFree: true }) // 0
 */
export function portOption(value: string, flag: string, choice: PortChoice = {}): number {
  const port = parsePort(value, choice);
  if (port === undefined) throw new CraneError('USAGE', `${flag} wants ${portRange(choice)}, got "${value}"`);
  return port;
}
