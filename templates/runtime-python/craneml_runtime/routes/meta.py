"""GET /metadata, /metrics, /openapi.json, /docs (page, script, style), /favicon.ico and the small status page (/ without the try-it page)."""

from __future__ import annotations

import html
import re

from starlette.responses import Response

from ..jsontext import dumps

from ..app import Call
from ..docs_assets import DOCS_CSS, DOCS_HTML, DOCS_JS
from ..errors import JSON_TYPE
from ..metrics import CONTENT_TYPE
from ..openapi import openapi_document
from ..signature import metadata_of

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}
HOST = re.compile(r"^[\w.-]+(:\d+)?$|^\[[\d:a-fA-F]+\](:\d+)?$")


async def metadata(call: Call) -> Response:
    server = call.server
    batchable = server.model.worker.batchable if server.model.worker else False
    body = server.cached(f"metadata:{batchable}", lambda: dumps(metadata_of(server.manifest, batchable)))
    return Response(body, media_type=JSON_TYPE)


async def metrics(call: Call) -> Response:
    return Response(call.server.metrics.text(), media_type=CONTENT_TYPE)


async def openapi(call: Call) -> Response:
    server = call.server
    body = server.cached("openapi", lambda: dumps(openapi_document(server.manifest, server.contract.defs, server.check_key is not None)))
    return Response(body, media_type=JSON_TYPE)


async def docs_page(call: Call) -> Response:
    return Response(DOCS_HTML, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


async def docs_script(call: Call) -> Response:
    return Response(DOCS_JS, media_type="text/javascript; charset=utf-8", headers=PAGE_HEADERS)


async def docs_style(call: Call) -> Response:
    return Response(DOCS_CSS, media_type="text/css; charset=utf-8", headers=PAGE_HEADERS)


async def favicon(call: Call) -> Response:
    return Response(status_code=204, headers={"Cache-Control": "max-age=86400"})


def status_page(call: Call) -> Response:
    """The model's name, status and links, as the Node runtime's /."""
    server = call.server
    manifest = server.manifest
    given = call.request.headers.get("host", "")
    host = given if HOST.match(given) else "HOST:PORT"
    name = html.escape(manifest["name"])
    version = html.escape(manifest["version"])
    status = "draining" if server.draining else server.model.state
    reason = (manifest.get("python") or {}).get("reason")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name} {version}</title><link rel="stylesheet" href="/docs/docs.css"></head>
<body><main>
<h1>{name} <small>{version}</small></h1>
<p class="desc">{html.escape(manifest.get("description") or "")}</p>
<p>Status: <strong id="status">{status}</strong> · format {html.escape(str(manifest.get("format", "python")))} · input {html.escape(manifest["input"].get("kind", "rows"))} · Python runtime</p>
{f"<p>Served by the Python runtime because: {html.escape(reason)}</p>" if reason else ""}
<p><a href="/docs">API docs</a> · <a href="/openapi.json">openapi.json</a> · <a href="/metadata">metadata</a> · <a href="/metrics">metrics</a></p>
<pre>curl -X POST -H 'Content-Type: application/json' --data-binary @instances.json http://{html.escape(host)}/predict</pre>
</main></body></html>
"""
    return Response(page, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)
