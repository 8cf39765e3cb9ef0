/**
 * What the PyTorch tests share: the fixtures scripts/make-torch-fixtures.sh made (test/fixtures/torch/,
 * expected.json with torch's own outputs), and the environment under which a dependency layer takes
 * torch from this machine's CPU wheel (/opt/wheels) with no torch index: never PyPI's CUDA build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TORCH_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/torch');

/** The folder of torch's CPU wheel here and on CI's fresh machine. */
export const TORCH_WHEELS = '/opt/wheels';

/** For the process that makes a dependency image (the core in-process: DepsImageOptions.env; a CLI: its env). */
export const TORCH_TEST_ENV = { CRANEML_PIP_FIND_LINKS: TORCH_WHEELS, CRANEML_TORCH_INDEX_URL: 'none' } as const;

/** One fixture file's entry in expected.json: held-out inputs and what torch answered for them. */
export interface TorchExpected {
  input_shape?: number[];
  inputs?: unknown[];
  outputs?: unknown[];
  labels?: string[];
  targets?: unknown[];
  probabilities?: number[][];
  rows?: Record<string, number>[];
  answers?: unknown[];
}

/** A fixture's path; fails naming the set-up step when the fixtures were not made. */
export function torchFixture(name: string): string {
  const file = path.join(TORCH_FIXTURES, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run bash scripts/make-torch-fixtures.sh (scripts/setup.sh runs it)`);
  return file;
}

/** expected.json: the torch version that made the fixtures and each file's expectations. */
export function torchExpected(): { torch_version: string; files: Record<string, TorchExpected> } {
  return JSON.parse(readFileSync(torchFixture('expected.json'), 'utf8')) as { torch_version: string; files: Record<string, TorchExpected> };
}
