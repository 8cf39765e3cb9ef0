/** `--input-shape`: one row's input shape for a model file that does not declare it (TorchScript), for init and inspect. */
import type { Command } from 'commander';
import { CraneError } from '../errors.ts';
import { readInputShape } from '../shared/input-shape-rule.ts';

export interface InputShapeFlag {
  inputShape?: string;
}

/** Adds the flag to `command`. */
export function addInputShapeFlag(command: Command): Command {
  return command.option(
    '--input-shape <dims>',
    "a TorchScript file's input shape per row, without the batch axis, e.g. 30 or 1,28,28 (--preset digits implies 1,28,28)",
  );
}

/**
 * "1,28,28" (or "1x28x28", spaces) → [1, 28, 28]; undefined when not given; anything else is a usage error.
 * @example parseInputShape('30') // [30]
 */
export function parseInputShape(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const dims = readInputShape(text);
  if (!dims) {
    throw new CraneError(
      'USAGE',
      `--input-shape takes one row's sizes, whole numbers of at least 1 separated by commas (e.g. --input-shape 1,28,28), not "${text}"`,
    );
  }
  return dims;
}
