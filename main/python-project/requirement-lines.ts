/**
 * Which pip requirement lines CraneML writes into an image's requirements: a package by name, with
 * extras, version specifiers and markers. pip options (`--index-url`, `-r`, `-e`), URLs and paths
 * would reach past the package index the build uses, so they are refused.
 */
import { ModelFormatError } from '../errors.ts';

/** PEP 508 name, optional [extras], then specifiers and an optional `; marker`. */
const REQUIREMENT =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\s*\[[A-Za-z0-9._,\s-]*\])?\s*(?:(?:===|==|~=|!=|<=|>=|<|>)\s*[\w.*+!-]+\s*(?:,\s*(?:===|==|~=|!=|<=|>=|<|>)\s*[\w.*+!-]+\s*)*)?(?:;[^\n]*)?$/;

/**
 * Throws when `line` is not a plain package requirement; `where` says where it was written.
 * @example refuseRequirement('numpy==2.4.6', 'cog.yaml: build.python_packages') // passes
 */
export function refuseRequirement(line: string, where: string): void {
  if (!REQUIREMENT.test(line.trim()))
    throw new ModelFormatError(
      `${where}: "${line}" is not a package requirement like numpy==2.4.6; pip options, URLs and paths are not taken`,
    );
}
