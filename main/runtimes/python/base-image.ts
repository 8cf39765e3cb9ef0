/**
 * Which image a Python-runtime image starts FROM: the public `python:<version>-slim-bookworm`, and the
 * local base scripts/make-python-base.sh makes with no registry (Debian bookworm's Python, 3.11) when
 * the public one cannot be pulled, chosen by the rule both runtimes share (main/docker/base-image.ts).
 */
import { DEFAULT_PYTHON_VERSION, type PythonSection } from '../../shared/python-runtime-schema.ts';
import type { RuntimeBase } from '../types.ts';

/** The Python of the local base: Debian bookworm's. */
const LOCAL_PYTHON_VERSION = '3.11';
export const LOCAL_PYTHON_BASE = `craneml/local-base:python${LOCAL_PYTHON_VERSION}`;
const LOCAL_RECIPE = 'bash scripts/make-python-base.sh';

export type PythonVersion = PythonSection['version'];

/**
 * The base images for a Python version.
 * @example pythonBase('3.12').image // 'python:3.12-slim-bookworm'
 */
export function pythonBase(version: PythonVersion = DEFAULT_PYTHON_VERSION): RuntimeBase {
  return {
    image: `python:${version}-slim-bookworm`,
    local: `craneml/local-base:python${version}`,
    localRecipe:
      version === LOCAL_PYTHON_VERSION
        ? LOCAL_RECIPE
        : `${LOCAL_RECIPE} (it makes Python ${LOCAL_PYTHON_VERSION} only: set python.version to "${LOCAL_PYTHON_VERSION}" in craneml.json to use it)`,
    needs: `Python ${version} with venv (python3 -m venv), as python:${version}-slim has`,
  };
}
