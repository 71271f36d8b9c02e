"""The online fallback against a real HTTP server on 127.0.0.1 speaking Nominatim's JSON.

Covers the polite-client promises (user agent, ≤ 1 request/s, never the same
query twice) and every way a server can fail.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from geonews.places.geocoders import GeocoderWarning, NominatimGeocoder
from geonews.places.geocoders.nominatim import AnswerCache
from geonews.places.matcher import Matcher

HILLTOWN = {
    "place_id": 4242, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
    "osm_type": "node", "osm_id": 987654, "lat": "33.2705", "lon": "35.2038",
    "class": "place", "type": "village", "place_rank": 19, "importance": 0.31,
    "addresstype": "village", "name": "Qwxzz Hilltown",
    "display_name": "Qwxzz Hilltown, Tyre District, South Governorate, Lebanon",
    "address": {"village": "Qwxzz Hilltown", "state": "South Governorate", "country": "Lebanon",
                "country_code": "lb"},
    "boundingbox": ["33.2505", "33.2905", "35.1838", "35.2238"],
}


class FakeNominatim:
    """A tiny Nominatim: /search answers per ``mode``; every request is recorded."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[tuple[float, str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlparse(self.path)
                outer.requests.append((time.monotonic(), self.headers.get("User-Agent", ""),
                                       parse_qs(url.query)))
                mode = outer.mode
                if mode == "close":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if mode == "slow":
                    time.sleep(1.5)
                status, body = {
                    "ok": (200, json.dumps([HILLTOWN]) if "qwxzz" in url.query.lower()
                           else "[]"),
                    "slow": (200, "[]"),
                    "429": (429, '{"error": "Too Many Requests"}'),
                    "500": (500, "Internal Server Error"),
                    "garbage": (200, "<html>this is not json"),
                    "badcoords": (200, json.dumps([{**HILLTOWN, "lat": "north", "lon": None}])),
                }[mode]
                data = body.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (the timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    s = FakeNominatim()
    yield s
    s.close()


@pytest.fixture
def geocoder(server, tmp_path):
    def make(**kw):
        kw.setdefault("min_delay_seconds", 0.0)
        kw.setdefault("timeout", 0.5)
        return NominatimGeocoder(domain=server.domain, scheme="http",
                                 cache=AnswerCache(tmp_path / "cache.sqlite"),
                                 user_agent="geonews-tests/1.0 (ops@example.org)", **kw)

    return make


def test_a_name_the_gazetteer_lacks_is_found_online(server, geocoder):
    found = geocoder().geocode("Qwxzz Hilltown")
    assert len(found) == 1
    place = found[0].place
    assert place.name == "Qwxzz Hilltown" and place.country == "LB" and place.kind == "village"
    assert place.lat == pytest.approx(33.2705) and place.id == "osm:node/987654"
    assert found[0].match == "online"
    _, user_agent, query = server.requests[0]
    assert user_agent == "geonews-tests/1.0 (ops@example.org)"
    assert query["q"] == ["Qwxzz Hilltown"] and query["format"] == ["json"]


def test_a_repeated_query_never_goes_out_twice_even_across_processes(server, geocoder):
    geocoder().geocode("Qwxzz Hilltown")
    geocoder().geocode("Qwxzz Hilltown")  # a new client, as in a new process: same cache file
    geocoder().geocode("qwxzz hilltown ")
    assert len(server.requests) == 1
    geocoder().geocode("Unknown Placeton")
    geocoder().geocode("Unknown Placeton")  # "nothing found" is an answer too
    assert len(server.requests) == 2


def test_requests_are_spaced_at_least_the_minimum_delay(server, geocoder):
    g = geocoder(min_delay_seconds=1.0)
    for name in ("Qwxzz One", "Qwxzz Two", "Qwxzz Three"):
        g.geocode(name)
    times = [t for t, _, _ in server.requests]
    assert len(times) == 3
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.95


def test_the_public_server_is_never_asked_faster_than_once_a_second(tmp_path):
    g = NominatimGeocoder(min_delay_seconds=0.01, cache=AnswerCache(tmp_path / "c.sqlite"))
    assert g._call.min_delay_seconds == 1.0


@pytest.mark.parametrize("mode,message", [
    ("429", "429"),
    ("500", "server error"),
    ("slow", "timed out"),
    ("garbage", "qwxzz"),
    ("close", ""),
])
def test_server_failures_are_warnings_not_crashes_and_are_not_cached(server, geocoder, mode,
                                                                      message):
    server.mode = mode
    with pytest.warns(GeocoderWarning) as caught:
        assert geocoder().geocode("Qwxzz Hilltown") == []
    assert message.lower() in str(caught[0].message).lower()
    server.mode = "ok"
    assert geocoder().geocode("Qwxzz Hilltown")  # the failure was not remembered


def test_unusable_coordinates_are_dropped(server, geocoder):
    server.mode = "badcoords"
    with pytest.warns(GeocoderWarning, match="unreadable answer"):
        assert geocoder().geocode("Qwxzz Hilltown") == []


def test_no_server_at_all_warns_once_and_stops_asking(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens there
    g = NominatimGeocoder(domain=f"127.0.0.1:{port}", scheme="http", min_delay_seconds=0,
                          timeout=1, cache=AnswerCache(tmp_path / "c.sqlite"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert g.geocode("Qwxzz A") == [] and g.geocode("Qwxzz B") == []
    assert len([w for w in caught if issubclass(w.category, GeocoderWarning)]) == 1
    assert "unreachable" in str(caught[0].message)
    assert g.requests_sent == 1


def test_the_matcher_uses_the_server_only_for_names_the_gazetteer_lacks(server, geocoder):
    matcher = Matcher(online=geocoder())
    res = matcher.resolve(["Khan Younis", "Qwxzz Hilltown"])
    assert res[0].match == "exact" and res[1].match == "online"
    assert res[1].place.country == "LB"
    assert len(server.requests) == 1


def test_a_corrupt_cache_file_is_rebuilt(server, tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    g = NominatimGeocoder(domain=server.domain, scheme="http", min_delay_seconds=0,
                          cache=AnswerCache(path))
    assert g.geocode("Qwxzz Hilltown")


def test_the_cli_online_option(server, geonews_cli, tmp_path):
    env = {"GEONEWS_HOME": str(tmp_path / "home")}
    args = ("geocode", "--online", "--nominatim-url", f"http://{server.domain}",
            "--user-agent", "geonews-tests/1.0", "-f", "json", "Qwxzz Hilltown", "Rafah")
    run = geonews_cli(*args, env=env)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data[0]["match"] == "online" and data[0]["country"] == "LB"
    assert data[1]["match"] == "exact"
    assert geonews_cli(*args, env=env).code == 0
    assert len(server.requests) == 1  # the second run answered from the on-disk cache

    server.mode = "500"
    run = geonews_cli("geocode", "--online", "--nominatim-url", f"http://{server.domain}",
                      "Qwxzz Otherplace", env=env)
    assert run.code == 0 and "geonews: warning: nominatim: server error" in run.err
    assert "Traceback" not in run.err
