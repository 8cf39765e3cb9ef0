"""The route table of the model server, the same paths as templates/runtime-node/src/routes.ts."""

from __future__ import annotations

from ..app import RouteSpec
from .health import healthz, readyz, v2_live, v2_ready
from .meta import docs_page, docs_script, docs_style, favicon, metadata, metrics, openapi
from .page import index, page_script, page_style
from .predict import predict
from .v2 import v2_infer, v2_model, v2_model_ready, v2_server


def route_table() -> dict[str, RouteSpec]:
    specs = [
        RouteSpec("/", get=index, open=True),
        RouteSpec("/page/page.js", get=page_script, open=True),
        RouteSpec("/page/page.css", get=page_style, open=True),
        RouteSpec("/healthz", get=healthz, open=True),
        RouteSpec("/readyz", get=readyz, open=True),
        RouteSpec("/metadata", get=metadata),
        RouteSpec("/predict", post=predict),
        RouteSpec("/metrics", get=metrics),
        RouteSpec("/openapi.json", get=openapi),
        RouteSpec("/docs", get=docs_page, open=True),
        RouteSpec("/docs/docs.js", get=docs_script, open=True),
        RouteSpec("/docs/docs.css", get=docs_style, open=True),
        RouteSpec("/favicon.ico", get=favicon, open=True),
        RouteSpec("/v2", get=v2_server),
        RouteSpec("/v2/health/live", get=v2_live, open=True),
        RouteSpec("/v2/health/ready", get=v2_ready, open=True),
        RouteSpec("/v2/models/{name}", get=v2_model),
        RouteSpec("/v2/models/{name}/ready", get=v2_model_ready),
        RouteSpec("/v2/models/{name}/infer", post=v2_infer),
        RouteSpec("/v2/models/{name}/versions/{version}", get=v2_model),
        RouteSpec("/v2/models/{name}/versions/{version}/ready", get=v2_model_ready),
        RouteSpec("/v2/models/{name}/versions/{version}/infer", post=v2_infer),
    ]
    return {spec.label: spec for spec in specs}
