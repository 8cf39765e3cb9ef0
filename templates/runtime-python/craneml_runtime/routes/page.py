"""GET / (the try-it page, or the status page without it) and the page's script and style: open, with the page's CSP, gzipped when the client takes it."""

from __future__ import annotations

from starlette.responses import Response

from ..app import Call, require_key
from ..errors import HttpError
from ..try_page import accepts_gzip
from .meta import PAGE_HEADERS, status_page

# The pages' CSP (meta.CSP) with `blob:` pictures: the page shows a dropped picture before sending it. As the Node runtime's routes/page.ts.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
TRY_PAGE_HEADERS = {**PAGE_HEADERS, "Content-Security-Policy": PAGE_CSP, "Vary": "Accept-Encoding"}


def _page_file(call: Call, path: str) -> Response:
    page = call.server.page
    found = page.get(path) if page else None
    if found is None:
        raise HttpError(404, "NOT_FOUND", f"no such endpoint: {path} (this image has no try-it page; see /docs)")
    if found.gzipped is not None and accepts_gzip(call.request.headers.get("accept-encoding", "")):
        return Response(found.gzipped, media_type=found.media_type, headers={**TRY_PAGE_HEADERS, "Content-Encoding": "gzip"})
    return Response(found.plain, media_type=found.media_type, headers=TRY_PAGE_HEADERS)


async def index(call: Call) -> Response:
    """The try-it page (static: it asks /metadata with the key the person types), else the status page."""
    if call.server.page is None:
        # The status page names the model: behind an API key it stays behind the key, as before the page.
        require_key(call.server, call.request)
        return status_page(call)
    return _page_file(call, "/")


async def page_script(call: Call) -> Response:
    return _page_file(call, "/page/page.js")


async def page_style(call: Call) -> Response:
    return _page_file(call, "/page/page.css")
