"""The route table of the model server, the same paths as templates/runtime-node/src/routes.ts."""

from __future__ import annotations

from ..app import Handler, RouteSpec
from .health import healthz, readyz, v2_live, v2_ready
from .meta import docs_page, docs_script, docs_style, favicon, metadata, metrics, openapi
from .page import index, page_script, page_style
from .predict import predict
from .v2 import v2_infer, v2_model, v2_model_ready, v2_server

# What a browser or a probe fetches without the API key: the pages, their files and the health checks.
OPEN_GETS: dict[str, Handler] = {
    "/": index, "/page/page.js": page_script, "/page/page.css": page_style,
    "/docs": docs_page, "/docs/docs.js": docs_script, "/docs/docs.css": docs_style, "/favicon.ico": favicon,
    "/healthz": healthz, "/readyz": readyz, "/v2/health/live": v2_live, "/v2/health/ready": v2_ready,
}
KEYED_GETS: dict[str, Handler] = {"/metadata": metadata, "/metrics": metrics, "/openapi.json": openapi, "/v2": v2_server}


def v2_model_routes(base: str) -> list[RouteSpec]:
    """One model's V2 routes below `base`; the unversioned path and its /versions/{version} twin answer alike."""
    return [RouteSpec(base, get=v2_model), RouteSpec(f"{base}/ready", get=v2_model_ready), RouteSpec(f"{base}/infer", post=v2_infer)]


def route_table() -> dict[str, RouteSpec]:
    specs = [
        *(RouteSpec(path, get=handler, open=True) for path, handler in OPEN_GETS.items()),
        *(RouteSpec(path, get=handler) for path, handler in KEYED_GETS.items()),
        RouteSpec("/predict", post=predict),
        *v2_model_routes("/v2/models/{name}"),
        *v2_model_routes("/v2/models/{name}/versions/{version}"),
    ]
    return {spec.label: spec for spec in specs}
