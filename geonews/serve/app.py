"""The HTTP side of ``geonews serve``: a FastAPI app over :class:`~geonews.serve.service.Service`.

Safe by default, since article text and the requests that bring it are hostile:

* every error is a JSON ``{"error": "…"}`` with its status (400 bad input, 404,
  409, 413 too large, 415, 422), never a stack trace;
* bodies are counted as they arrive and cut at the upload limit (413);
* with a token, every request needs it (``Authorization: Bearer …``, or the cookie a
  browser gets from ``/?token=…``); the Host header must name this server (no DNS
  rebinding onto 127.0.0.1);
* requests that change anything must be same-origin JSON or carry the
  ``X-Geonews-Request`` header, which no cross-site form can send (CSRF);
* pages get a Content-Security-Policy: the web page runs only its own scripts and
  talks only to this server; the exported map runs its inline scripts and reaches no
  network.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations
# (``request: Request``) at run time.
import hmac
import json
from pathlib import Path

from fastapi import Query, Request

from ..errors import GeonewsError, InputError
from ..text.decode import MAX_INPUT_BYTES
from .service import EXPORT_FORMATS, Incoming, ServeError, Service, documents_from_upload

STATIC = Path(__file__).resolve().parent / "static"
#: the largest request body: one file at the limit and a little for the form around it
MAX_BODY_BYTES = MAX_INPUT_BYTES + 1024 * 1024
TOKEN_COOKIE = "geonews_token"
CSRF_HEADER = "x-geonews-request"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
MAP_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' "
            "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'")


class BodyTooLarge(Exception):
    """A request body past the upload limit, counted as it arrives (answered with 413)."""


def _json_error(message: str, status: int):
    from starlette.responses import JSONResponse

    return JSONResponse({"error": message}, status_code=status,
                        headers={"Cache-Control": "no-store"})


class Guard:
    """ASGI middleware: host check, token, CSRF rule, body limit, security headers."""

    def __init__(self, app, *, token: str | None, hosts: set[str] | None):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from starlette.requests import Request

        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            return await refusal(scope, receive, send)
        if scope["path"] == "/" and self.token and "token" in request.query_params:
            return await self._login(request)(scope, receive, send)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return await _json_error(f"request body over the limit of {MAX_BODY_BYTES:,} "
                                     "bytes (50 MB a file)", 413)(scope, receive, send)
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise BodyTooLarge
            return message

        started = False

        async def guarded_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for k, v in ((b"x-content-type-options", b"nosniff"),
                             (b"referrer-policy", b"no-referrer"),
                             (b"x-frame-options", b"DENY")):
                    if k not in names:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _json_error(f"request body over the limit of {MAX_BODY_BYTES:,} bytes "
                                  "(50 MB a file)", 413)(scope, receive, send)

    def _refusal(self, request):
        host = (request.headers.get("host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if self.hosts is not None and name not in self.hosts:
            return _json_error("this server answers only to its own address (Host header "
                               f"{host[:100]!r} refused)", 421)
        if self.token and not self._authorised(request):
            return _json_error("a token is needed: send Authorization: Bearer <token>, or "
                               "open /?token=<token> once in the browser", 401)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin is not None and origin.lower() not in (f"http://{host}",
                                                             f"https://{host}"):
                return _json_error("cross-origin requests that change the collection are "
                                   "refused", 403)
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json" and CSRF_HEADER not in request.headers:
                return _json_error("send JSON (Content-Type: application/json), or add the "
                                   "header X-Geonews-Request: 1 to an upload", 403)
        return None

    def _authorised(self, request) -> bool:
        given = []
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given.append(auth[7:].strip())
        if request.headers.get("x-geonews-token"):
            given.append(request.headers["x-geonews-token"])
        if request.cookies.get(TOKEN_COOKIE):
            given.append(request.cookies[TOKEN_COOKIE])
        if request.url.path == "/" and request.query_params.get("token"):
            given.append(request.query_params["token"])
        return any(hmac.compare_digest(g.encode("utf-8", "replace"),
                                       self.token.encode("utf-8")) for g in given)

    def _login(self, request):
        """``/?token=…``: the token becomes a same-site, script-proof cookie, and the address
        bar loses it."""
        from starlette.responses import RedirectResponse

        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie(TOKEN_COOKIE, request.query_params["token"], httponly=True,
                        samesite="strict", path="/")
        return resp


def create_app(service: Service, *, token: str | None = None, host: str = "127.0.0.1"):
    """The app: the API, the web page and its assets, the offline API docs."""
    import xstatic.pkg.leaflet as leaflet
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException as StarletteHTTPException
    from starlette.staticfiles import StaticFiles

    from .. import __version__

    app = FastAPI(title="geonews", version=__version__, docs_url=None, redoc_url=None,
                  description="Map, correct and share evacuation orders found in news "
                              "articles. Errors are JSON: {\"error\": \"…\"}.")

    # -- errors as JSON -------------------------------------------------------------------
    @app.exception_handler(ServeError)
    async def _serve_error(request, exc: ServeError):
        return _json_error(str(exc), exc.status)

    @app.exception_handler(GeonewsError)
    async def _input_error(request, exc: GeonewsError):
        message = str(exc)
        status = 413 if "over the" in message and "limit" in message else 400
        return _json_error(message, status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request, exc: RequestValidationError):
        problems = ["/".join(str(p) for p in e.get("loc", ())) + ": " + str(e.get("msg", ""))
                    for e in exc.errors()]
        return _json_error("invalid request: " + "; ".join(problems)[:500], 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or API: {request.url.path[:200]}"
        return _json_error(message, exc.status_code)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request, exc: BodyTooLarge):
        return _json_error(f"request body over the limit of {MAX_BODY_BYTES:,} bytes "
                           "(50 MB a file)", 413)

    @app.exception_handler(Exception)
    async def _bug(request, exc: Exception):
        import logging

        logging.getLogger("geonews.serve").error("internal error on %s %s: %s: %s",
                                                 request.method, request.url.path,
                                                 type(exc).__name__, exc)
        return _json_error(f"internal error ({type(exc).__name__}); the server's log has "
                           "the details", 500)

    # -- reading requests -----------------------------------------------------------------
    async def incoming(request: Request) -> tuple[list, str | None]:
        """The articles a request brings, and who sent them: a JSON article (text, title,
        date, url, id, who; or url alone with --allow-fetch), a form with a file or a
        text field, or a plain-text body."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        who = request.headers.get("x-geonews-analyst")
        if ctype == "application/json":
            body = await request.body()
            try:
                data = json.loads(body)
            except (ValueError, RecursionError) as exc:
                raise ServeError(f"the body is not valid JSON ({str(exc)[:120]})", 400) from None
            records = data if isinstance(data, list) else [data]
            if not records or len(records) > 1000:
                raise ServeError("send one article object, or a list of 1 to 1000", 422)
            items = []
            for rec in records:
                if not isinstance(rec, dict):
                    raise ServeError("an article is a JSON object with a \"text\" field", 422)
                meta = {}
                for key in ("title", "date", "url", "id"):
                    v = rec.get(key)
                    if v is not None and not isinstance(v, (str, int, float)):
                        raise ServeError(f"\"{key}\" must be a string", 422)
                    meta[key] = None if v is None else str(v)
                who = rec.get("who") if isinstance(rec.get("who"), str) else who
                text = rec.get("text")
                if text is None and isinstance(rec.get("url"), str):
                    items.append(("fetch", rec["url"]))
                    continue
                if not isinstance(text, str):
                    raise ServeError("an article needs a \"text\" string (or a \"url\", "
                                     "with --allow-fetch)", 422)
                items.append(("text", Incoming(text, source=meta["id"] or "request", **meta)))
            return items, who
        if ctype == "multipart/form-data":
            try:
                form = await request.form(max_files=1, max_fields=20,
                                          max_part_size=MAX_BODY_BYTES)
            except BodyTooLarge:
                raise
            except Exception as exc:  # python-multipart's own parse errors
                raise ServeError(f"cannot read the form ({str(exc)[:120]})", 400) from None
            meta = {k: (str(form[k]) if isinstance(form.get(k), str) and form[k] else None)
                    for k in ("title", "date", "url", "id")}
            who = form.get("who") if isinstance(form.get("who"), str) else who
            upload = form.get("file")
            if upload is not None and not isinstance(upload, str):
                data = await upload.read(MAX_INPUT_BYTES + 1)
                return [("file", (data, upload.filename, meta))], who
            text = form.get("text")
            if isinstance(text, str):
                return [("text", Incoming(text, source="form", **meta))], who
            raise ServeError("the form needs a \"file\" or a \"text\" field", 422)
        if ctype in ("text/plain", "text/html", ""):
            body = await request.body()
            if ctype == "text/html":
                return [("file", (body, "page.html", {}))], who
            return [("file", (body, "text.txt", {}))], who
        raise ServeError(f"cannot read {ctype[:80]!r}: send JSON, a multipart form with a "
                         "file, or text/plain", 415)

    def documents(items) -> list:
        docs = []
        for kind, item in items:
            if kind == "text":
                docs.append(service.document(item))
            elif kind == "fetch":
                docs.extend(service.fetch(item))
            else:
                data, filename, meta = item
                found = documents_from_upload(data, filename)
                for d in found:
                    for k, v in meta.items():
                        if v and getattr(d, k, None) is None:
                            setattr(d, k, v)
                docs.extend(found)
        if len(docs) > 1000:
            raise ServeError("at most 1000 articles a request (use geonews batch)", 413)
        return docs

    # -- the page and its assets -----------------------------------------------------------
    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html", media_type="text/html",
                            headers={"Content-Security-Policy": PAGE_CSP,
                                     "Cache-Control": "no-store"})

    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static/app", StaticFiles(directory=STATIC), name="app-static")
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    async def docs():
        if swagger is None:
            return HTMLResponse("<!doctype html><title>geonews API</title><p>The API is "
                                "described at <a href=\"/openapi.json\">/openapi.json</a> "
                                "(pip install swagger-ui-bundle for this page).",
                                headers={"Content-Security-Policy": DOCS_CSP})
        html = get_swagger_ui_html(openapi_url="/openapi.json", title="geonews API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon-32x32.png")
        html.headers["Content-Security-Policy"] = DOCS_CSP
        return html

    # -- API -------------------------------------------------------------------------------
    @app.get("/health", summary="Whether the server is up, and the collection's size")
    def health():
        return {"ok": True, "articles": service.store.count_articles(),
                "database": type(service.store).__name__.replace("Store", "").lower()}

    @app.post("/extract", summary="Extract places and directives from an article",
              description="Body: a JSON article {text, title?, date?, url?, id?} (or a list), "
                          "a multipart form with `file` (text, HTML, JSON, JSONL in any "
                          "encoding) or `text`, or a text/plain body. Returns the extraction "
                          "contract (`geonews extract --format json`); nothing is stored.")
    async def extract(request: Request):
        items, _ = await incoming(request)

        def run():
            return [service.extract_document(d).to_dict() for d in documents(items)]

        results = await run_in_threadpool(run)
        return results[0] if len(results) == 1 else results

    @app.post("/articles", status_code=201, summary="Store an article and its extraction",
              description="The same bodies as /extract. The same article (same id, or same "
                          "text without id) sent twice is stored once (200 instead of 201).")
    async def add_articles(request: Request):
        items, who = await incoming(request)

        def run():
            out = []
            for d in documents(items):
                if d.id is not None and "/" in d.id:
                    raise ServeError("an article id cannot contain '/'", 422)
                article, created, extraction = service.add(d, who)
                out.append({"article": article.summary(), "created": created,
                            "extraction": extraction})
            return out

        out = await run_in_threadpool(run)
        status = 201 if any(o["created"] for o in out) else 200
        return JSONResponse(out[0] if len(out) == 1 else out, status_code=status)

    @app.get("/articles", summary="The collection: articles with dates, newest last")
    def list_articles(since: str | None = None, until: str | None = None,
                      limit: int = Query(1000, ge=1, le=10_000), offset: int = Query(0, ge=0)):
        q = service.query(since, until)
        arts = service.store.articles(since=q.since, until=q.until, limit=limit, offset=offset)
        corrected = {c.article_id for c in service.store.corrections()}
        return {"articles": [{**a.summary(), "corrected": a.id in corrected} for a in arts],
                "total": service.store.count_articles()}

    @app.get("/articles/{article_id}", summary="One article: text, the machine's extraction, "
                                               "its corrections and the corrected extraction")
    def get_article(article_id: str):
        return service.view(service.get(article_id))

    @app.post("/articles/{article_id}/corrections", status_code=201,
              summary="Correct a place: its role, another candidate, or a missed place",
              description="JSON {kind: role|place|add, target: \"start:end\" (role, place), "
                          "value: {role} | {place_id} | {name, role, place_id?, directive?}, "
                          "who}. The machine's extraction is kept beside it.")
    async def add_correction(article_id: str, request: Request):
        try:
            data = json.loads(await request.body())
        except (ValueError, RecursionError):
            raise ServeError("the body is not valid JSON", 400) from None
        if not isinstance(data, dict) or not isinstance(data.get("value", {}), dict):
            raise ServeError("a correction is an object {kind, target, value, who}", 422)
        target = data.get("target")
        if target is not None and not isinstance(target, str):
            raise ServeError("target must be a string such as \"2513:2522\"", 422)
        who = data.get("who") if isinstance(data.get("who"), str) else \
            request.headers.get("x-geonews-analyst")
        return await run_in_threadpool(service.correct, article_id, str(data.get("kind")),
                                       target, data.get("value") or {}, who)

    @app.get("/articles/{article_id}/annotated.json",
             summary="The corrected article in the evaluation schema (shared/eval)")
    def article_annotated(article_id: str):
        return service.annotated(service.get(article_id))

    @app.get("/annotated.json", summary="Every (or every corrected) article in the "
                                        "evaluation schema, as a list")
    def all_annotated(corrected_only: bool = False):
        ids = service.store.article_ids()
        if corrected_only:
            done = {c.article_id for c in service.store.corrections()}
            ids = [i for i in ids if i in done]
        return [service.annotated(service.get(i)) for i in ids]

    @app.get("/geocode", summary="Geocode a place name (JSON, or GeoJSON with format=geojson)")
    def geocode(q: str = Query(..., min_length=1, max_length=1000),
                format: str = Query("json", pattern="^(json|geojson)$"),
                country: str | None = Query(None, max_length=100),
                alternatives: int = Query(5, ge=0, le=20)):
        from shapely.geometry import mapping

        from ..places.geocode import resolution_record

        countries = [c.strip().upper() for c in country.split(",")] if country else None
        res = service.resolve(q, alternatives=alternatives, country=countries)[0]
        record = resolution_record(res)
        if format == "json":
            return record
        geometry = mapping(service.gazetteer.geometry(res.place)) if res.place else None
        return JSONResponse({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": geometry, "properties": record}]},
            media_type="application/geo+json")

    def selection(since, until, role, region, article):
        return service.query(since, until, role, region, article)

    @app.get("/zones", summary="Zones of the collection (corrections applied) as GeoJSON",
             description="since/until: YYYY-MM-DD (inclusive); role: affected, destination, "
                         "exempt (comma-separated); region: a place name or id, or "
                         "minlon,minlat,maxlon,maxlat; article: one article's id.")
    def zones(since: str | None = None, until: str | None = None, role: str | None = None,
              region: str | None = None, article: str | None = None):
        q = selection(since, until, role, region, article)
        return JSONResponse(service.zones_geojson(q), media_type="application/geo+json")

    @app.get("/export.{fmt}", summary="The selected zones as a file: gpkg, csv, geojson, xlsx")
    def export(fmt: str, since: str | None = None, until: str | None = None,
               role: str | None = None, region: str | None = None,
               article: str | None = None):
        if fmt not in EXPORT_FORMATS:
            raise ServeError(f"no export format {fmt[:20]!r} (gpkg, csv, geojson, xlsx)", 404)
        data, media = service.export(fmt, selection(since, until, role, region, article))
        return Response(data, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="geonews-zones.{fmt}"'})

    @app.get("/map", summary="A self-contained HTML map of the selected zones (no network)",
             response_class=HTMLResponse)
    def map_page(since: str | None = None, until: str | None = None, role: str | None = None,
                 region: str | None = None, article: str | None = None):
        html = service.map_html(selection(since, until, role, region, article))
        return HTMLResponse(html, headers={"Content-Security-Policy": MAP_CSP})

    hosts = LOOPBACK_NAMES | {host.lower()} if _is_loopback(host) else None
    return Guard(app, token=token, hosts=hosts)


def _swagger_dir() -> str | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return swagger_ui_bundle.swagger_ui_path


def _is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this machine.

    >>> _is_loopback("127.0.0.1"), _is_loopback("localhost"), _is_loopback("0.0.0.0")
    (True, True, False)
    """
    import ipaddress

    if host.lower() in ("localhost", "[::1]"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


__all__ = ["Guard", "InputError", "MAX_BODY_BYTES", "create_app"]
