"""links.py: every catalog link checked once, classified, reported per field, never the internet.

The network is an httpx.MockTransport whose handler maps paths to answers, or a socket on
127.0.0.1 for what only the real transport does (a refused connection, a failed TLS handshake).
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcai_path import links
from hcai_path.links import COLUMNS, LinkRecord, check_links, links_of, record_dict, run_check

# hcai_path.links imports httpx only when it checks; without httpx these tests are skipped.
pytest.importorskip("httpx")

import httpx  # noqa: E402

BASE = "https://site.example"
Answer = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


class Site:
    """A fake web site: `routes` maps a path to an answer; every request is remembered."""

    def __init__(self, routes: dict[str, Answer]) -> None:
        self.routes = routes
        self.seen: list[tuple[str, str]] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, str(request.url)))
        answer = self.routes.get(request.url.path)
        if answer is None:
            return httpx.Response(404)
        response = answer(request)
        if not isinstance(response, httpx.Response):
            response = await response
        return response

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def requested(self) -> list[str]:
        return [url for _, url in self.seen]


def status(code: int, **kwargs: object) -> Answer:
    return lambda request: httpx.Response(code, **kwargs)  # type: ignore[arg-type]


def raises(exc: Exception) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc

    return answer


def by_method(**answers: Answer) -> Answer:
    return lambda request: answers[request.method](request)


def check(site: Site, *urls: str, timeout: float = 5, concurrency: int = 4) -> list[LinkRecord]:
    triples = [(f"p{i}", "url", url) for i, url in enumerate(urls)]
    return run_check(triples, timeout=timeout, concurrency=concurrency, transport=site.transport())


def one(site: Site, url: str, **kwargs: float) -> LinkRecord:
    [record] = check(site, url, **kwargs)  # type: ignore[arg-type]
    return record


# --- classification -------------------------------------------------------------------------


def test_ok() -> None:
    site = Site({"/ok": status(200)})
    record = one(site, f"{BASE}/ok")
    assert record == LinkRecord("p0", "url", f"{BASE}/ok", "ok", 200, None, "200 OK")
    assert not record.is_broken
    assert site.seen == [("HEAD", f"{BASE}/ok")]  # HEAD answered: no GET


def test_head_refused_then_get_ok() -> None:
    site = Site({"/page": by_method(HEAD=status(405), GET=status(200))})
    record = one(site, f"{BASE}/page")
    assert (record.status, record.http_status, record.detail) == ("ok", 200, "200 OK")
    assert [method for method, _ in site.seen] == ["HEAD", "GET"]


@pytest.mark.parametrize("refusal", [403, 404, 501])
def test_any_failed_head_is_asked_again_with_get(refusal: int) -> None:
    site = Site({"/page": by_method(HEAD=status(refusal), GET=status(200))})
    assert one(site, f"{BASE}/page").status == "ok"


def test_head_dropped_connection_then_get_ok() -> None:
    drop = raises(httpx.RemoteProtocolError("Server disconnected without sending a response."))
    site = Site({"/page": by_method(HEAD=drop, GET=status(200))})
    assert one(site, f"{BASE}/page").status == "ok"


def test_get_reads_headers_only() -> None:
    class Body(httpx.AsyncByteStream):
        read = False

        async def __aiter__(self) -> AsyncIterator[bytes]:
            Body.read = True
            yield b"a very large page"

    site = Site(
        {"/big": by_method(HEAD=status(405), GET=lambda r: httpx.Response(200, stream=Body()))}
    )
    assert one(site, f"{BASE}/big").status == "ok"
    assert not Body.read


def test_redirect_reports_first_status_and_final_url() -> None:
    site = Site(
        {
            "/old": status(301, headers={"Location": "https://new.example/page"}),
            "/page": status(200),
        }
    )
    record = one(site, f"{BASE}/old")
    assert record.status == "redirected"
    assert record.http_status == 301
    assert record.final_url == "https://new.example/page"
    assert record.detail == "301 -> https://new.example/page"
    assert not record.is_broken


def test_relative_redirect_chain() -> None:
    site = Site(
        {
            "/a": status(302, headers={"Location": "/b"}),
            "/b": status(308, headers={"Location": "/c"}),
            "/c": status(200),
        }
    )
    record = one(site, f"{BASE}/a")
    assert (record.status, record.http_status, record.final_url) == (
        "redirected",
        302,
        f"{BASE}/c",
    )


def test_redirect_to_a_missing_page_is_not_found() -> None:
    site = Site({"/old": status(301, headers={"Location": "/nowhere"})})
    record = one(site, f"{BASE}/old")
    assert (record.status, record.http_status, record.final_url) == (
        "not-found",
        404,
        f"{BASE}/nowhere",
    )
    assert record.detail == f"301 -> {BASE}/nowhere: 404 Not Found"


def test_redirect_loop_is_an_http_error() -> None:
    site = Site({"/loop": status(302, headers={"Location": "/loop"})})
    record = one(site, f"{BASE}/loop")
    assert record.status == "http-error"
    assert "redirects" in record.detail


@pytest.mark.parametrize(
    ("code", "expected", "detail"),
    [
        (404, "not-found", "404 Not Found"),
        (410, "gone", "410 Gone"),
        (500, "http-error", "500 Internal Server Error"),
        (403, "http-error", "403 Forbidden"),
        (503, "http-error", "503 Service Unavailable"),
    ],
)
def test_error_statuses(code: int, expected: str, detail: str) -> None:
    site = Site({"/x": status(code)})
    record = one(site, f"{BASE}/x")
    assert (record.status, record.http_status, record.final_url, record.detail) == (
        expected,
        code,
        None,
        detail,
    )
    assert record.is_broken


@pytest.mark.parametrize("exc", [httpx.ReadTimeout("read timed out"), httpx.ConnectTimeout("")])
def test_timeout(exc: Exception) -> None:
    site = Site({"/slow": raises(exc)})
    record = one(site, f"{BASE}/slow", timeout=10)
    assert (record.status, record.http_status, record.detail) == (
        "timeout",
        None,
        "timed out after 10 s",
    )
    assert len(site.seen) == 1  # a timeout is not retried with GET: it would double the wait


def test_a_server_slower_than_the_timeout_is_cut_off() -> None:
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200)

    site = Site({"/hang": never})
    start = time.monotonic()
    record = one(site, f"{BASE}/hang", timeout=0.1)
    assert time.monotonic() - start < 5
    assert (record.status, record.detail) == ("timeout", "timed out after 0.1 s")


def test_tls_error() -> None:
    message = (
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
        "self-signed certificate (_ssl.c:1006)"
    )
    site = Site({"/tls": raises(httpx.ConnectError(message))})
    record = one(site, f"{BASE}/tls")
    assert record.status == "tls-error"
    assert record.detail == "certificate verify failed: self-signed certificate"


def test_tls_error_found_by_its_cause() -> None:
    import ssl

    def answer(request: httpx.Request) -> httpx.Response:
        try:
            raise ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")
        except ssl.SSLError as cause:
            raise httpx.ConnectError("handshake failed") from cause

    record = one(Site({"/tls": answer}), f"{BASE}/tls")
    assert record.status == "tls-error"
    assert record.detail == "wrong version number"


def test_connection_refused() -> None:
    site = Site({"/down": raises(httpx.ConnectError("[Errno 111] Connection refused"))})
    record = one(site, f"{BASE}/down")
    assert (record.status, record.http_status, record.detail) == (
        "connection-error",
        None,
        "connection refused",
    )
    assert len(site.seen) == 1  # the connection itself failed: GET would fail the same way


def test_unknown_host() -> None:
    site = Site({"/": raises(httpx.ConnectError("[Errno -2] Name or service not known"))})
    record = one(site, f"{BASE}/")
    assert (record.status, record.detail) == ("connection-error", "name or service not known")


def test_an_unexpected_exception_is_one_broken_link_not_a_crash() -> None:
    site = Site({"/bug": raises(RuntimeError("boom")), "/ok": status(200)})
    bad, good = check(site, f"{BASE}/bug", f"{BASE}/ok")
    assert (bad.status, bad.detail) == ("connection-error", "unexpected RuntimeError: boom")
    assert good.status == "ok"


@pytest.mark.parametrize(
    "link",
    [
        "http://site.example/page",
        "ftp://site.example/file",
        "",
        "   ",
        "site.example/page",
        "https://",
        "https:///path",
        "https://site.example/a page",
        "https://site.example:99999/",
        "javascript:alert(1)",
    ],
)
def test_invalid_links_are_never_requested(link: str) -> None:
    site = Site({})
    [record] = run_check(
        [("p", "source", link)], timeout=5, concurrency=2, transport=site.transport()
    )
    assert record.status == "invalid"
    assert record.http_status is None and record.final_url is None and record.detail
    assert site.seen == []


def test_redirect_to_plain_http_is_reported_where_it_ends() -> None:
    site = Site(
        {"/old": status(301, headers={"Location": "http://site.example/new"}), "/new": status(200)}
    )
    record = one(site, f"{BASE}/old")
    assert (record.status, record.final_url) == ("redirected", "http://site.example/new")


# --- records, order, dedupe, concurrency, progress --------------------------------------------


def test_links_of_keeps_catalog_order_and_both_fields() -> None:
    programs = [
        ("b", "https://b.example/", "https://b.example/src"),
        ("a", "https://x/", "https://x/"),
    ]
    assert links_of(programs) == [
        ("b", "url", "https://b.example/"),
        ("b", "source", "https://b.example/src"),
        ("a", "url", "https://x/"),
        ("a", "source", "https://x/"),
    ]
    assert links_of(iter(programs)) == links_of(programs)  # any iterable, read once


def test_same_link_is_requested_once_and_reported_per_field() -> None:
    site = Site({"/page": status(200)})
    page = f"{BASE}/page"
    records = run_check(
        links_of([("alpha", page, page)]), timeout=5, concurrency=4, transport=site.transport()
    )
    assert site.seen == [("HEAD", page)]
    assert [(r.program_id, r.field, r.status) for r in records] == [
        ("alpha", "url", "ok"),
        ("alpha", "source", "ok"),
    ]


def test_results_keep_input_order_whatever_finishes_first() -> None:
    def after(seconds: float) -> Answer:
        async def answer(request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(seconds)
            return httpx.Response(200)

        return answer

    site = Site({f"/{i}": after(0.05 * (5 - i)) for i in range(5)})
    urls = [f"{BASE}/{i}" for i in range(5)]
    records = check(site, *urls, concurrency=5)
    assert [r.link for r in records] == urls
    assert [r.program_id for r in records] == [f"p{i}" for i in range(5)]


def test_concurrency_limit_is_respected() -> None:
    in_flight = 0
    most = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200)

    site = Site({f"/{i}": answer for i in range(30)})
    records = check(site, *(f"{BASE}/{i}" for i in range(30)), concurrency=3)
    assert all(r.status == "ok" for r in records)
    assert most == 3  # never more than the limit, and the limit is used


def test_on_done_is_called_once_per_record() -> None:
    site = Site({"/a": status(200), "/b": status(404)})
    done: list[LinkRecord] = []
    triples = links_of(
        [("p1", f"{BASE}/a", f"{BASE}/a"), ("p2", f"{BASE}/b", "http://insecure.example/")]
    )
    records = run_check(
        triples, timeout=5, concurrency=2, transport=site.transport(), on_done=done.append
    )
    assert len(done) == len(records) == 4
    assert sorted(done) == sorted(records)


def test_nothing_to_check() -> None:
    assert run_check([], timeout=5, concurrency=1) == []


@pytest.mark.parametrize(("timeout", "concurrency"), [(0, 4), (-1, 4), (5, 0)])
def test_bad_limits_are_refused(timeout: float, concurrency: int) -> None:
    with pytest.raises(ValueError):
        run_check([("p", "url", f"{BASE}/")], timeout=timeout, concurrency=concurrency)


def test_record_dict_and_columns() -> None:
    record = LinkRecord("p", "url", f"{BASE}/", "redirected", 301, "https://n.example/", "301 -> x")
    assert COLUMNS == LinkRecord._fields
    assert record_dict(record) == {
        "program_id": "p",
        "field": "url",
        "link": f"{BASE}/",
        "status": "redirected",
        "http_status": 301,
        "final_url": "https://n.example/",
        "detail": "301 -> x",
    }


@pytest.mark.parametrize("name", links.STATUSES)
def test_is_broken_is_everything_but_ok_and_redirected(name: str) -> None:
    record = LinkRecord("p", "url", f"{BASE}/", name, None, None, "")
    assert record.is_broken == (name not in ("ok", "redirected"))


URLS = [f"https://{host}.example/{path}" for host in ("a", "b") for path in ("", "x", "y")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(URLS), st.sampled_from(URLS)), max_size=12))
def test_links_of_and_dedupe_property(pairs: list[tuple[str, str]]) -> None:
    programs = [(f"p{i}", url, source) for i, (url, source) in enumerate(pairs)]
    triples = links_of(programs)
    assert len(triples) == 2 * len(programs)
    assert triples[0::2] == [(pid, "url", url) for pid, url, _ in programs]
    assert triples[1::2] == [(pid, "source", source) for pid, _, source in programs]

    site = Site({"/": status(200), "/x": status(200), "/y": status(200)})
    records = run_check(triples, timeout=5, concurrency=3, transport=site.transport())
    distinct = {link for _, _, link in triples}
    assert sorted(site.requested()) == sorted(distinct)  # each distinct link exactly once
    assert [(r.program_id, r.field, r.link) for r in records] == triples


# --- the real transport, on this machine only ------------------------------------------------


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real transport must connect to 127.0.0.1 itself, not through a proxy of the host."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.usefixtures("no_proxy")
def test_a_closed_local_port_is_a_quick_connection_error() -> None:
    url = f"https://127.0.0.1:{closed_port()}/"
    start = time.monotonic()
    [record] = run_check([("p", "url", url)], timeout=5, concurrency=2)
    assert time.monotonic() - start < 3
    assert (record.status, record.detail) == ("connection-error", "connection refused"), record


@pytest.fixture
def plain_tcp_server() -> Iterator[int]:
    """A local server that answers a TLS handshake with plain HTTP."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(10)

    def serve() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    server.close()
    thread.join(timeout=5)


@pytest.mark.usefixtures("no_proxy")
def test_a_failed_tls_handshake_is_a_tls_error(plain_tcp_server: int) -> None:
    url = f"https://127.0.0.1:{plain_tcp_server}/"
    [record] = run_check([("p", "url", url)], timeout=5, concurrency=1)
    assert record.status == "tls-error", record


def test_importing_links_does_not_import_httpx_or_asyncio() -> None:
    code = "import sys, hcai_path.links; print(sorted({'httpx', 'asyncio'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_links_is_awaitable_in_a_running_loop() -> None:
    site = Site({"/": status(200)})

    async def main() -> list[LinkRecord]:
        return await check_links(
            [("p", "url", f"{BASE}/")], timeout=5, concurrency=1, transport=site.transport()
        )

    assert [r.status for r in asyncio.run(main())] == ["ok"]
