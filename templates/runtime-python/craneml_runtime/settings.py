"""The server's settings: the manifest ($CRANEML_PROJECT/craneml.json, its server section with the Node runtime's defaults) and the environment."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

# The defaults of main/shared/manifest-schema.ts's serverOptionsSchema and postprocessSchema.
SERVER_DEFAULTS = {
    "port": 8080,
    "max_batch_size": 32,
    "max_wait_ms": 2,
    "max_queue": 512,
    "max_body_bytes": 10 * 1024 * 1024,
    "cors_origins": [],
    "page": True,
}
POSTPROCESS_DEFAULTS = {"softmax": False, "top_k": 3}
# Shorter than Docker's default stop timeout (10 s), so a drained answer goes out before SIGKILL.
DEFAULT_DRAIN_MS = 8_000
DEFAULT_DEADLINE_MS = 30_000


class SettingsError(Exception):
    """A setting the user can fix; __main__ prints it as one line and exits 1."""


def _positive(env: dict[str, str], name: str) -> float | None:
    value = env.get(name, "")
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        number = -1
    if not number > 0 or number == float("inf"):
        raise SettingsError(f'{name} must be a positive number, got "{value}"')
    return number


def _api_key(env: dict[str, str]) -> str | None:
    if env.get("CRANEML_API_KEY"):
        return env["CRANEML_API_KEY"]
    file = env.get("CRANEML_API_KEY_FILE")
    if not file:
        return None
    try:
        key = Path(file).read_text().removesuffix("\n").removesuffix("\r")
    except OSError as error:
        raise SettingsError(f"CRANEML_API_KEY_FILE: cannot read {file} ({error.strerror})") from error
    if key == "":
        raise SettingsError(f"CRANEML_API_KEY_FILE: {file} is empty")
    return key


def load_manifest(project: str) -> dict:
    """craneml.json with the server and postprocess defaults filled in."""
    path = Path(project) / "craneml.json"
    try:
        manifest = json.loads(path.read_text())
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror}") from error
    except ValueError as error:
        raise SettingsError(f"{path} is not JSON: {error}") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("name"), str):
        raise SettingsError(f"{path} is not a CraneML manifest")
    manifest["server"] = {**SERVER_DEFAULTS, **(manifest.get("server") or {})}
    manifest["postprocess"] = {**POSTPROCESS_DEFAULTS, **(manifest.get("postprocess") or {})}
    manifest.setdefault("input", {"kind": "rows"})
    manifest.setdefault("version", "0.0.0")
    return manifest


@dataclass
class Settings:
    project: str
    manifest: dict
    host: str
    port: int
    api_key: str | None
    cors_origins: list[str]
    log: bool
    drain_ms: float
    deadline_ms: float
    # Bytes of request bodies held at once; None: max(256 MB, 2 x max_body_bytes).
    body_budget_bytes: int | None = None


def read_settings(env: dict[str, str] | None = None) -> Settings:
    """The settings from the environment (CRANEML_PROJECT, HOST, PORT, CRANEML_*), as the Node runtime reads them."""
    env = dict(os.environ if env is None else env)
    project = env.get("CRANEML_PROJECT") or "/model"
    manifest = load_manifest(project)
    port_text = env.get("PORT", "")
    if port_text and not (port_text.isdigit() and int(port_text) <= 65535):
        raise SettingsError(f'PORT must be a port number, got "{port_text}"')
    cors = [o.strip() for o in env.get("CRANEML_CORS_ORIGINS", "").split(",") if o.strip()]
    return Settings(
        project=project,
        manifest=manifest,
        host=env.get("HOST") or "0.0.0.0",
        port=int(port_text) if port_text else int(manifest["server"]["port"]),
        api_key=_api_key(env),
        cors_origins=[*manifest["server"].get("cors_origins", []), *cors],
        log=env.get("CRANEML_LOG", "on").lower() != "off",
        drain_ms=_positive(env, "CRANEML_DRAIN_MS") or DEFAULT_DRAIN_MS,
        deadline_ms=_positive(env, "CRANEML_DEADLINE_MS") or DEFAULT_DEADLINE_MS,
        body_budget_bytes=int(budget * 1024 * 1024) if (budget := _positive(env, "CRANEML_BODY_BUDGET_MB")) else None,
    )
