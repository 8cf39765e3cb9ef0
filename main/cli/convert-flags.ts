/** `--sample` and `--tolerance` of `inspect` and `init`, plus conversion progress on stderr and Ctrl-C. */
import path from 'node:path';
import type { Command } from 'commander';
import type { ConvertOptions } from '../api/notebook-facts.ts';
import { CraneError } from '../errors.ts';
import type { Cancellation } from './cancel-on-signal.ts';

export interface ConvertFlags {
  sample?: string;
  tolerance?: string;
}

/** Adds the two options to a command that may convert a notebook model. */
export function addConvertFlags(command: Command): Command {
  return command
    .option('--sample <rows.csv>', 'notebook model: prove parity on these rows (CSV with a header row) instead of synthesised ones')
    .option('--tolerance <number>', 'notebook model: largest difference of a score or value that still counts as equal (default 1e-4)');
}

/** "1e-4" -> 0.0001; text that is no finite number is a usage error naming the flag (convertSource checks the value). */
export function parseTolerance(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new CraneError('USAGE', `--tolerance takes a positive number (e.g. --tolerance 1e-4), not "${text}"`);
  return value;
}

/**
 * The conversion options of a command: checked flags, progress as "step: message" lines on stderr
 * (stdout stays clean for --json), and the command's cancellation.
 */
export function convertOptions(flags: ConvertFlags, cancel: Cancellation): ConvertOptions {
  return {
    // Checked where it is read (convertSource): a regular file of a sample's size.
    sample: flags.sample === undefined ? undefined : path.resolve(flags.sample),
    tolerance: parseTolerance(flags.tolerance),
    signal: cancel.signal,
    onProgress: (event) => process.stderr.write(`${event.step}: ${event.message}\n`),
  };
}
