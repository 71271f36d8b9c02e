"""geopy's urllib adapter with the limits an answer from the network calls for.

An online geocoder talks to a server geonews does not control (a public one, or
whatever ``--nominatim-url`` names).  Whatever that server does, a lookup must end
soon, in bounded memory, at the host it was sent to:

* **one deadline for the whole request** — connecting, the status line, the headers
  and the body together.  A socket timeout alone is per read: a server trickling a
  byte a second never trips it.  Every read from the socket is given only the time
  left, and refused once none is;
* **a cap on the size of the answer** (5 MB by default; a Nominatim answer is a few
  kilobytes): a declared ``Content-Length`` beyond it is refused before the body is
  read, and a body without one is read in chunks and dropped as soon as it passes;
* **redirects stay on the origin** (scheme, host and port): a redirect elsewhere is
  refused, never followed, so the query (and the User-Agent) go nowhere else;
* **JSON that cannot be decoded**, too deeply nested included, is a parse error,
  never a crash.

Each breach is a :class:`geopy.exc.GeocoderServiceError` subclass (a timeout is
geopy's :class:`~geopy.exc.GeocoderTimedOut`), so callers warn and go on.
"""

from __future__ import annotations

import contextvars
import http.client
import io
import json
import socket
import time
import urllib.request
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from geopy.adapters import AdapterHTTPError, URLLibAdapter, _normalize_proxies
from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeopyError

#: Refuse answers larger than this many bytes (Nominatim's are a few kilobytes).
MAX_ANSWER_BYTES = 5_000_000
_CHUNK = 64 * 1024

#: When the request under way must be over (time.monotonic()); None outside a request.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("geonews_deadline",
                                                                         default=None)


class AnswerTooLarge(GeocoderServiceError):
    """The answer is (or declares itself) larger than the cap."""


class RedirectRefused(GeocoderServiceError):
    """The server redirected the request to another origin."""


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL: what a redirect may not change.

    >>> origin("http://127.0.0.1:8080/search?q=x") == origin("HTTP://127.0.0.1:8080/other")
    True
    >>> origin("https://Example.org/a"), origin("http://example.org:81/")
    (('https', 'example.org', 443), ('http', 'example.org', 81))
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(
        scheme)


def _time_left() -> float | None:
    """Seconds left before the deadline (None without one); raises once it has passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no complete answer before the deadline")
    return left


class _DeadlineSocketReader(io.RawIOBase):
    """Reads a socket giving each read only the time left before the deadline.

    http.client reads the status line, the headers and the body through this, so a
    server sending a byte now and then cannot stretch a request past its deadline.
    """

    def __init__(self, sock: socket.socket):
        self.sock = sock
        # A socket file of its own: urllib closes the socket once the response is made,
        # and the file's reference is what keeps it open until the body has been read.
        self.raw = sock.makefile("rb", buffering=0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        left = _time_left()
        if left is not None:
            self.sock.settimeout(left)
        return self.raw.readinto(buffer)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, **kwargs):
        super().__init__(sock, *args, **kwargs)
        plain, self.fp = self.fp, io.BufferedReader(_DeadlineSocketReader(sock))
        plain.close()  # the socket file http.client opened, replaced by ours


class _Deadline:
    """Connecting takes no longer than the request has left, and reading goes through the
    deadline-aware response (for plain and TLS connections alike)."""

    response_class = _DeadlineResponse

    def connect(self):
        left = _time_left()
        if left is not None:
            self.timeout = min(self.timeout, left) if self.timeout is not None else left
        super().connect()


class _DeadlineHTTPConnection(_Deadline, http.client.HTTPConnection):
    """A plain HTTP connection under the request's deadline."""


class _DeadlineHTTPSConnection(_Deadline, http.client.HTTPSConnection):
    """A TLS connection under the request's deadline."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_DeadlineHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_DeadlineHTTPSConnection, req, context=self._context)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only within the origin the request was sent to."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if origin(newurl) != origin(req.full_url):
            fp.close()
            raise RedirectRefused(f"redirected to another host ({_shown(newurl)}); not followed")
        # urllib reads a redirect's body before following it, without a limit: the body
        # of a redirect is never needed, so it is not read at all.
        fp.close()
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url[:80]


def read_capped(page, limit: int) -> bytes:
    """The body of ``page``, or :class:`AnswerTooLarge` once it passes ``limit`` bytes
    (at once if its ``Content-Length`` says so: nothing of it is read then)."""
    declared = (page.headers.get("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise AnswerTooLarge(f"answer larger than the {limit:,} bytes allowed "
                             f"({int(declared):,} declared)")
    chunks, size = [], 0
    while chunk := page.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise AnswerTooLarge(f"answer larger than the {limit:,} bytes allowed")
        chunks.append(chunk)
    return b"".join(chunks)


class GuardedURLLibAdapter(URLLibAdapter):
    """geopy's :class:`~geopy.adapters.URLLibAdapter` with a deadline per request
    (geopy's ``timeout``, for the whole request), a size cap and same-origin redirects.

    urllib, not requests: requests' adapter retries behind our back, which would send a
    query several times.
    """

    def __init__(self, *, proxies, ssl_context, max_bytes: int = MAX_ANSWER_BYTES):
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.max_bytes = max_bytes
        opener = urllib.request.build_opener(
            _HTTPHandler(), _HTTPSHandler(context=ssl_context),
            urllib.request.ProxyHandler(_normalize_proxies(proxies)), _SameOriginRedirects())
        self.urlopen = opener.open

    def get_json(self, url, *, timeout, headers):
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except RecursionError:
            raise GeocoderParseError("answer nested too deeply to be read as JSON") from None
        except ValueError as exc:
            raise GeocoderParseError(f"answer is not JSON ({exc})") from None

    def get_text(self, url, *, timeout, headers):
        token = _DEADLINE.set(time.monotonic() + timeout)
        try:
            return self._get_text(url, timeout=timeout, headers=headers)
        finally:
            _DEADLINE.reset(token)

    def _get_text(self, url, *, timeout, headers) -> str:
        try:
            page = self.urlopen(urllib.request.Request(url=url, headers=headers),
                                timeout=timeout)
        except GeopyError:
            raise
        except HTTPError as error:
            try:
                body = self._read_http_error_body(error)
            finally:
                error.close()
            raise AdapterHTTPError(str(error), status_code=error.getcode(),
                                   headers={k.lower(): v for k, v in error.headers.items()},
                                   text=body) from error
        except (TimeoutError, socket.timeout) as error:
            raise GeocoderTimedOut(f"no complete answer within {timeout:g} s") from error
        except URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise GeocoderTimedOut(f"no complete answer within {timeout:g} s") from error
            raise GeocoderServiceError(str(error.reason)) from error
        except (OSError, http.client.HTTPException) as error:
            raise GeocoderServiceError(f"{type(error).__name__}: {error}") from error
        with page:
            text = self._decode_page(page)
            status = page.getcode()
            if status >= 400:
                raise AdapterHTTPError(f"Non-successful status code {status}",
                                       status_code=status,
                                       headers={k.lower(): v for k, v in page.headers.items()},
                                       text=text)
        return text

    def _decode_page(self, page) -> str:
        try:
            body = read_capped(page, self.max_bytes)
        except (TimeoutError, socket.timeout) as error:
            raise GeocoderTimedOut("no complete answer before the deadline") from error
        except (OSError, http.client.HTTPException) as error:
            raise GeocoderServiceError(f"unable to read the answer ({error})") from error
        try:
            return body.decode(page.headers.get_content_charset() or "utf-8")
        except (LookupError, ValueError):
            raise GeocoderParseError("answer is not text in its declared encoding") from None
