"""Safe by default: loopback only unless a token is set, every request then needs it,
no cross-site writes, no DNS rebinding, no fetching unless asked."""

from __future__ import annotations

import http.server
import threading

import httpx
import pytest

from tests.conftest import assert_clean_error

from .conftest import free_port, start_server

ORDER = "Residents of Abasan were told to leave for Rafah."


def test_listening_beyond_this_machine_without_a_token_is_refused(geonews_cli):
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        assert_clean_error(geonews_cli("serve", "--host", host), "--token", host)


def test_a_port_in_use_is_one_error_line(geonews_cli):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert_clean_error(geonews_cli("serve", "--port", str(s.getsockname()[1])),
                           "cannot listen")


def test_a_database_that_is_not_one_is_one_error_line(geonews_cli, tmp_path):
    (tmp_path / "junk.sqlite").write_bytes(b"this is no database at all" * 100)
    assert_clean_error(geonews_cli("serve", "--port", str(free_port()), "--db",
                                   str(tmp_path / "junk.sqlite")), "junk.sqlite")
    assert_clean_error(geonews_cli("serve", "--port", str(free_port()), "--db",
                                   "mysql://x/y"), "mysql://")


def test_writes_need_same_origin_json_or_the_request_header(client):
    # a cross-site HTML form can send urlencoded, multipart or text/plain, never a header
    for kw in ({"data": {"text": ORDER}}, {"files": {"file": ("a.txt", ORDER.encode())}},
               {"content": ORDER, "headers": {"Content-Type": "text/plain"}}):
        r = client.post("/articles", **kw)
        assert r.status_code == 403 and "X-Geonews-Request" in r.json()["error"]
    r = client.post("/articles", json={"text": ORDER},
                    headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "cross-origin" in r.json()["error"]
    own = client.post("/articles", json={"text": ORDER},
                      headers={"Origin": str(client.base_url).rstrip("/")})
    assert own.status_code in (200, 201)
    # nothing answers a CORS preflight with permission
    pre = client.options("/articles", headers={"Origin": "http://evil.example",
                                               "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers


def test_another_host_name_is_refused_against_dns_rebinding(client):
    r = client.get("/articles", headers={"Host": "attacker.example:8765"})
    assert r.status_code == 421 and "Host" in r.json()["error"]
    assert client.get("/health", headers={"Host": "localhost"}).status_code == 200


def test_pages_carry_a_strict_content_security_policy(client):
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in \
        csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "cdn" not in page.text.lower() and "https://" not in page.text


class _Page(http.server.BaseHTTPRequestHandler):
    BODY = (b"<html><head><title>Orders</title></head><body><article><h1>South</h1><p>"
            + ORDER.encode() + b" The statement was read on the radio on Saturday morning."
            b"</p></article></body></html>")

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page_site():
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}/story.html"
    site.shutdown()


def test_the_server_fetches_no_url_unless_allowed(client, page_site):
    r = client.post("/extract", json={"url": page_site})
    assert r.status_code == 400 and "--allow-fetch" in r.json()["error"]


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("token"), "--allow-fetch", token="s3cret-token")
    yield s
    s.stop()


def test_with_a_token_every_request_needs_it(token_server):
    url = token_server.url
    for path in ("/", "/health", "/articles", "/zones", "/openapi.json", "/docs",
                 "/static/app/app.js", "/export.gpkg", "/map"):
        r = httpx.get(url + path)
        assert r.status_code == 401 and "token" in r.json()["error"], path
    assert httpx.get(url + "/health", headers={"Authorization": "Bearer wrong"}).status_code \
        == 401
    assert httpx.get(url + "/health", headers={"Authorization": "Bearer s3cret-token"}
                     ).status_code == 200
    # a browser opens /?token=… once: a same-site, script-proof cookie, the token off the URL
    with httpx.Client(base_url=url) as browser:
        r = browser.get("/", params={"token": "s3cret-token"})
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert browser.get("/").status_code == 200
        assert browser.get("/articles").status_code == 200
    assert httpx.get(url + "/", params={"token": "nope"}).status_code == 401


def test_with_allow_fetch_an_article_is_read_from_its_url(token_server, page_site):
    with token_server.client() as c:
        r = c.post("/articles", json={"url": page_site})
        assert r.status_code == 201, r.text
        ex = r.json()["extraction"]
        assert ex["url"] == page_site
        assert ex["directives"][0]["destinations"][0]["name"] == "Rafah"
        r = c.post("/extract", json={"url": "file:///etc/passwd"})
        assert r.status_code == 400 and "http" in r.json()["error"]
