/**
 * The script that makes a Python-runtime image's dependency layer: /opt/venv holding the packages of
 * requirements.txt beside it. One script for both ways that layer is made: the Dockerfile's RUN step
 * (`craneml export`, a plain `docker build`) and CraneML's dependency container, which passes a
 * mounted cache folder so each wheel is downloaded once (deps-image.ts).
 */
import { DEFAULT_TORCH_INDEX, FIND_LINKS_ENV, HOST_CA_FILE, TORCH_INDEX_ENV } from '../../files/pip-host-settings.ts';

/** The folder of the runtime folder (and of the dependency container's mount) that holds this script. */
export const DEPS_DIR = 'deps';
export const INSTALL_SCRIPT = 'install.sh';
export const REQUIREMENTS_FILE = 'requirements.txt';
/** Where the image's packages live; its bin/ leads PATH. */
export const VENV = '/opt/venv';

/**
 * `sh install.sh [CACHE [OWNER]]`. The venv gets no pip of its own: pip runs from the wheel Python
 * ships for ensurepip, because installing pip into the venv took 45 s of a 55 s dependency build
 * here, and pip would be a sixth of a small image where nothing installs at run time. With CACHE,
 * `pip wheel` keeps every wheel in CACHE/wheels (a wheel already there is not downloaded again;
 * pip's HTTP cache is not enough: a proxy that drops the caching headers defeats it) and the venv is
 * installed from there alone; the folder is then handed to OWNER (uid:gid), the user's own.
 * When a requirement names torch, torchvision or torchaudio, PyTorch's CPU index is an extra index
 * (${TORCH_INDEX_ENV}, the Dockerfile's ARG of that name, or the dependency container's pip.env; "none"
 * turns it off); ${FIND_LINKS_ENV} names a folder of wheels pip looks in first.
 */
export const INSTALL_SCRIPT_TEXT = `#!/bin/sh
# Makes ${VENV} with the packages of requirements.txt beside this script (CraneML's Python runtime).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=\${1:-}
owner=\${2:-}
# Index and proxy settings CraneML's dependency container passes (never stored in the image).
if [ -f "$here/pip.env" ]; then set -a; . "$here/pip.env"; set +a; fi
# torch's CPU build: PyPI's Linux wheel is the CUDA one; pip takes X+cpu from this index over PyPI's X.
torch_index=\${${TORCH_INDEX_ENV}:-${DEFAULT_TORCH_INDEX}}
sources=""
if [ "$torch_index" != none ] && grep -Eiq '^[[:space:]]*(torch|torchvision|torchaudio)([^A-Za-z0-9_.-]|$)' "$here/${REQUIREMENTS_FILE}"; then
  sources="--extra-index-url $torch_index"
fi
if [ -n "\${${FIND_LINKS_ENV}:-}" ]; then sources="$sources --find-links $${FIND_LINKS_ENV}"; fi
if [ -s "$here/${HOST_CA_FILE}" ]; then export PIP_CERT="$here/${HOST_CA_FILE}" SSL_CERT_FILE="$here/${HOST_CA_FILE}"; fi
# LightGBM's and XGBoost's wheels link the system's OpenMP; python:3.x-slim lacks it.
if ! ldconfig -p | grep -q 'libgomp\\.so\\.1 '; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends libgomp1 >/dev/null && rm -rf /var/lib/apt/lists/*
fi
echo "creating ${VENV} with $(python3 --version)"
python3 -m venv --without-pip ${VENV}
pip_dir=$(mktemp -d)
wheel=$(ls /usr/share/python-wheels/pip-*.whl /usr/local/lib/python3*/ensurepip/_bundled/pip-*.whl 2>/dev/null | head -n 1 || true)
if [ -n "$wheel" ]; then python3 -m zipfile -e "$wheel" "$pip_dir"; else python3 -m pip install --quiet --target "$pip_dir" pip; fi
pip() { PYTHONPATH="$pip_dir" ${VENV}/bin/python -m pip --disable-pip-version-check --no-input "$@"; }
if [ -n "$cache" ]; then
  pip wheel --progress-bar off $sources --wheel-dir "$cache/wheels" -r "$here/${REQUIREMENTS_FILE}"
  pip install --progress-bar off --root-user-action=ignore --no-index --find-links "$cache/wheels" -r "$here/${REQUIREMENTS_FILE}"
  if [ -n "$owner" ]; then chown -R "$owner" "$cache"; fi
else
  pip install --progress-bar off --root-user-action=ignore --no-cache-dir $sources -r "$here/${REQUIREMENTS_FILE}"
fi
pip list --format=freeze >${VENV}/craneml-installed.txt
rm -rf "$pip_dir"
`;
