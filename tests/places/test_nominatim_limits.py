"""The online fallback against servers that misbehave on purpose, all on 127.0.0.1.

Whatever the server does — trickle bytes, send gigabytes, send nonsense, redirect
elsewhere — a lookup ends by its deadline, in bounded memory, at the host it was
sent to, with a warning and the name left unresolved; and only answers that parse
are remembered.
"""

from __future__ import annotations

import json
import threading
import time
import tracemalloc
import warnings
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from geonews.places.geocoders import GeocoderWarning, NominatimGeocoder
from geonews.places.geocoders.nominatim import AnswerCache

#: a place only these tests know, in Nominatim's JSON
RIVERBEND = {
    "place_id": 7310, "osm_type": "node", "osm_id": 551177, "lat": "33.3100", "lon": "35.4100",
    "class": "place", "type": "village", "importance": 0.2, "addresstype": "village",
    "name": "Zqvx Riverbend", "display_name": "Zqvx Riverbend, Nabatieh Governorate, Lebanon",
    "address": {"village": "Zqvx Riverbend", "state": "Nabatieh Governorate",
                "country_code": "lb"},
    "boundingbox": ["33.3000", "33.3200", "35.4000", "35.4200"],
}
HUGE = 2 * 1024 ** 3  # a 2 GB body, streamed, never held by the server


class LocalServer:
    """An HTTP server on 127.0.0.1 whose handling of a request is ``self.answer(handler)``.

    Records each request path; counts body bytes written; ``stop`` ends slow answers.
    """

    def __init__(self, answer: Callable | None = None):
        self.answer = answer or (lambda h: send_json(h, [RIVERBEND]))
        self.paths: list[str] = []
        self.sent = 0
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.paths.append(self.path)
                try:
                    outer.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up: that is what these tests want it to do

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def write(self, handler, data: bytes) -> None:
        handler.wfile.write(data)
        self.sent += len(data)

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def send_json(handler, value, status: int = 200) -> None:
    body = (value if isinstance(value, str) else json.dumps(value)).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def servers():
    made: list[LocalServer] = []

    def make(answer=None) -> LocalServer:
        made.append(LocalServer(answer))
        return made[-1]

    yield make
    for s in made:
        s.close()


@pytest.fixture
def geocoder(tmp_path):
    def make(server: LocalServer, **kw) -> NominatimGeocoder:
        kw.setdefault("min_delay_seconds", 0.0)
        kw.setdefault("timeout", 1.0)
        return NominatimGeocoder(domain=server.domain, scheme="http",
                                 cache=AnswerCache(tmp_path / "cache.sqlite"),
                                 user_agent="geonews-tests/1.0", **kw)

    return make


def lookup(g: NominatimGeocoder, name: str = "Zqvx Riverbend", *, within: float = 10.0):
    """``g.geocode(name)`` in a thread that must end within ``within`` seconds; returns
    (candidates, warning messages, seconds taken)."""
    out: dict = {}

    def run():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out["found"] = g.geocode(name)
            except BaseException as exc:  # reported below: the lookup must not raise
                out["error"] = exc
        out["warnings"] = [str(w.message) for w in caught
                           if issubclass(w.category, GeocoderWarning)]

    start = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(within)
    took = time.monotonic() - start
    assert not worker.is_alive(), f"the lookup was still running after {within} s"
    assert "error" not in out, f"the lookup raised {out['error']!r}"
    return out["found"], out["warnings"], took


def test_a_normal_answer_still_comes_through(servers, geocoder):
    found, said, _ = lookup(geocoder(servers()))
    assert [c.place.name for c in found] == ["Zqvx Riverbend"] and said == []
    assert found[0].place.bbox == pytest.approx((35.40, 33.30, 35.42, 33.32))


# ------------------------------------------------------------------ the deadline
def test_a_body_trickled_a_byte_at_a_time_ends_at_the_deadline(servers, geocoder):
    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        while not server.stop.is_set():
            server.write(h, b" ")  # each byte well within the per-read timeout
            time.sleep(0.05)

    server = servers(trickle)
    found, said, took = lookup(geocoder(server, timeout=0.6))
    assert found == [] and "timed out" in said[0]
    assert took < 0.6 + 1.5
    assert server.sent < 100  # it gave up long before the body was complete


def test_headers_trickled_a_byte_at_a_time_end_at_the_deadline(servers, geocoder):
    def trickle(h):
        h.wfile.write(b"HTTP/1.0 200 OK\r\nX-Padding: ")
        while not server.stop.is_set():
            server.write(h, b"a")
            time.sleep(0.05)

    server = servers(trickle)
    found, said, took = lookup(geocoder(server, timeout=0.6))
    assert found == [] and "timed out" in said[0]
    assert took < 0.6 + 1.5


def test_a_timed_out_name_is_asked_again_next_time(servers, geocoder):
    def slow_then_fine(h):
        if len(server.paths) == 1:
            time.sleep(1.0)
        send_json(h, [RIVERBEND])

    server = servers(slow_then_fine)
    assert lookup(geocoder(server, timeout=0.3))[0] == []
    assert lookup(geocoder(server, timeout=0.3))[0]
    assert len(server.paths) == 2


# ------------------------------------------------------------------ the size cap
def _stream(server: LocalServer, h, *, declare_length: bool) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    if declare_length:
        h.send_header("Content-Length", str(HUGE))
    h.end_headers()  # HTTP/1.0 without a length: the body runs until the server closes
    chunk = b"[" + b" " * (1024 * 1024 - 1)
    while server.sent < HUGE and not server.stop.is_set():
        server.write(h, chunk)


@pytest.mark.parametrize("declare_length", [True, False], ids=["declared", "undeclared"])
def test_a_2_gb_answer_is_refused_in_bounded_memory(servers, geocoder, declare_length):
    server = servers(lambda h: _stream(server, h, declare_length=declare_length))
    g = geocoder(server, timeout=20)
    tracemalloc.start()
    try:
        found, said, _ = lookup(g, within=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [] and "larger than" in said[0] and "5,000,000" in said[0]
    assert peak < 30 * 1024 * 1024, f"{peak / 2 ** 20:.0f} MB held for a refused answer"
    assert server.sent < 64 * 1024 * 1024  # the rest was never even sent
    server.answer = lambda h: send_json(h, [RIVERBEND])
    assert lookup(g)[0]  # the refusal was not remembered


def test_the_size_cap_can_be_set(servers, geocoder):
    server = servers(lambda h: send_json(h, [RIVERBEND] * 20))
    found, said, _ = lookup(geocoder(server, max_bytes=1000))
    assert found == [] and "1,000" in said[0]
    assert lookup(geocoder(server))[0]


# ------------------------------------------------------------------ parse before caching
def test_an_answer_with_a_non_numeric_bounding_box_is_not_cached(servers, geocoder):
    bad = {**RIVERBEND, "boundingbox": ["south", "north", "west", "east"]}
    server = servers(lambda h: send_json(h, [bad]))
    found, said, _ = lookup(geocoder(server))
    assert found == [] and "unreadable answer" in said[0] and "Zqvx Riverbend" in said[0]
    server.answer = lambda h: send_json(h, [RIVERBEND])
    found, said, _ = lookup(geocoder(server))  # asked again: nothing bad was remembered
    assert [c.place.name for c in found] == ["Zqvx Riverbend"] and said == []
    assert len(server.paths) == 2
    lookup(geocoder(server))
    assert len(server.paths) == 2  # the good answer was


def test_a_bad_answer_cached_by_an_older_version_is_asked_again(servers, geocoder):
    server = servers()
    g = geocoder(server)
    g.cache.put(g._key("Zqvx Riverbend", None),
                [{**RIVERBEND, "boundingbox": ["x", "y", "z", "w"]}])
    found, said, _ = lookup(g)
    assert [c.place.name for c in found] == ["Zqvx Riverbend"] and said == []
    assert len(server.paths) == 1


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps([{**RIVERBEND, "address": "x"}])[:-2] + "}]",  # address not an object
    '[{"lat": "33.3", "lon": "35.4", "address": ' + "[" * 50_000 + "]" * 50_000 + "}]",
    '"just a string"',
    "[1, 2, 3]",
    '{"lat": "33.3"}',
    json.dumps([{**RIVERBEND, "lat": "NaN"}]),
    json.dumps([{**RIVERBEND, "boundingbox": ["33.3", "33.32", "35.4", "inf"]}]),
    json.dumps([{**RIVERBEND, "boundingbox": "33.3,33.32,35.4,35.42"}]),
    json.dumps([{**RIVERBEND, "importance": "high"}]),
    json.dumps([{**RIVERBEND, "name": {"en": "x"}}]),
], ids=["deeply-nested", "address-string", "nested-address", "string", "numbers",
        "object-without-lon", "nan-latitude", "infinite-bbox", "bbox-string",
        "importance-word", "name-object"])
def test_garbage_answers_are_a_warning_and_never_cached(servers, geocoder, body):
    server = servers(lambda h: send_json(h, body))
    found, said, _ = lookup(geocoder(server))
    assert found == [] and len(said) == 1 and "Zqvx Riverbend" in said[0]
    server.answer = lambda h: send_json(h, [RIVERBEND])
    assert lookup(geocoder(server))[0]


def test_a_deeply_nested_answer_leaves_the_cli_at_exit_0(servers, geonews_cli, tmp_path):
    server = servers(lambda h: send_json(h, "[" * 100_000 + "]" * 100_000))
    run = geonews_cli("geocode", "--online", "--nominatim-url", f"http://{server.domain}",
                      "-f", "json", "Zqvx Riverbend", "Rafah",
                      env={"GEONEWS_HOME": str(tmp_path / "home")})
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert "geonews: warning: nominatim: unreadable answer for 'Zqvx Riverbend'" in run.err
    rows = json.loads(run.out)
    assert rows[0]["match"] == "none" and rows[1]["match"] == "exact"


# ------------------------------------------------------------------ redirects
def test_a_redirect_to_another_port_is_not_followed(servers, geocoder):
    elsewhere = servers()

    def redirect(h):
        h.send_response(302)
        h.send_header("Location", f"http://{elsewhere.domain}{h.path}")
        h.send_header("Content-Length", "0")
        h.end_headers()

    server = servers(redirect)
    found, said, _ = lookup(geocoder(server))
    assert found == [] and "another host" in said[0] and elsewhere.domain in said[0]
    assert elsewhere.paths == []  # the query never reached the other server
    server.answer = lambda h: send_json(h, [RIVERBEND])
    assert lookup(geocoder(server))[0]  # and the refusal was not remembered


def test_a_redirect_within_the_server_is_followed(servers, geocoder):
    def moved(h):
        if h.path.startswith("/search"):
            h.send_response(301)
            h.send_header("Location", "/v2" + h.path)
            h.send_header("Content-Length", "0")
            h.end_headers()
        else:
            send_json(h, [RIVERBEND])

    server = servers(moved)
    found, said, _ = lookup(geocoder(server))
    assert [c.place.name for c in found] == ["Zqvx Riverbend"] and said == []
    assert [p.split("?")[0] for p in server.paths] == ["/search", "/v2/search"]


# ------------------------------------------------------------------ over TLS
def _self_signed(tmp_path):
    """A certificate and key for 127.0.0.1, made on the spot."""
    import datetime
    import ipaddress

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_the_deadline_holds_over_https_too(servers, tmp_path):
    import ssl

    from geopy.exc import GeocoderTimedOut

    from geonews.places.geocoders.http import GuardedURLLibAdapter

    def answer(h):
        if h.path == "/slow":
            h.send_response(200)
            h.send_header("Content-Length", "100000")
            h.end_headers()
            while not server.stop.is_set():
                server.write(h, b" ")
                time.sleep(0.05)
        else:
            send_json(h, [RIVERBEND])

    cert, key = _self_signed(tmp_path)
    server = servers(answer)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    server.server.socket = tls.wrap_socket(server.server.socket, server_side=True)
    adapter = GuardedURLLibAdapter(proxies={}, ssl_context=ssl.create_default_context(
        cafile=str(cert)))
    url = f"https://{server.domain}"
    assert adapter.get_json(f"{url}/search", timeout=5, headers={})[0]["name"] == "Zqvx Riverbend"
    start = time.monotonic()
    with pytest.raises(GeocoderTimedOut):
        adapter.get_text(f"{url}/slow", timeout=0.5, headers={})
    assert time.monotonic() - start < 0.5 + 1.5
