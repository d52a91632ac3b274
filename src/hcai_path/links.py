"""Link checking for a catalog: does each program's `url` and `source` still answer over HTTPS?

The core of `catalog check-links`. It reads nothing and writes nothing: it takes
(program_id, field, link) triples and returns one `LinkRecord` per triple. httpx and asyncio are
imported inside the functions, so importing this module costs the rest of the CLI nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    import httpx

# Site owners who see the checker in their logs can tell what it is and where it comes from.
USER_AGENT = "hcai-path-link-check/0.1 (+https://pypi.org/project/hcai-path/)"
# Enough for any real move (http -> https -> www -> new path); more is a loop.
MAX_REDIRECTS = 10

OK = "ok"
REDIRECTED = "redirected"
NOT_FOUND = "not-found"
GONE = "gone"
TLS_ERROR = "tls-error"
TIMEOUT = "timeout"
CONNECTION_ERROR = "connection-error"
HTTP_ERROR = "http-error"
INVALID = "invalid"
STATUSES = (
    OK,
    REDIRECTED,
    NOT_FOUND,
    GONE,
    TLS_ERROR,
    TIMEOUT,
    CONNECTION_ERROR,
    HTTP_ERROR,
    INVALID,
)
# The page is there (perhaps at a new address): nothing a maintainer must fix today.
FINE_STATUSES = frozenset({OK, REDIRECTED})

COLUMNS = ("program_id", "field", "link", "status", "http_status", "final_url", "detail")


class LinkRecord(NamedTuple):
    """The verdict on one link of one program field."""

    program_id: str
    field: str  # "url" or "source"
    link: str
    status: str  # one of STATUSES
    # The final answer's status; for a redirect that ends on a working page, the first
    # redirect's (301, 302...). None when no answer came (timeout, TLS, connection, invalid).
    http_status: int | None
    final_url: str | None  # where redirects end; None when there was no redirect
    detail: str  # a short sentence for a human: "404 Not Found", "timed out after 10 s"

    @property
    def is_broken(self) -> bool:
        """True when a maintainer must look at the link (anything but ok and redirected)."""
        return self.status not in FINE_STATUSES


class _Outcome(NamedTuple):
    """What checking one distinct link found; shared by every record that uses the link."""

    status: str
    http_status: int | None
    final_url: str | None
    detail: str


def links_of(programs: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The links to check, from (program_id, url, source) triples, in catalog order.

    Returns (program_id, "url", url) then (program_id, "source", source) for each program. A link
    used twice stays twice here, so that each field gets its own record; `check_links` requests
    each distinct link only once.
    """
    links: list[tuple[str, str, str]] = []
    for program_id, url, source in programs:
        links.append((program_id, "url", url))
        links.append((program_id, "source", source))
    return links


def record_dict(r: LinkRecord) -> dict[str, object]:
    """One record as a mapping of `COLUMNS` to values, for JSON, CSV and table output."""
    return dict(zip(COLUMNS, r, strict=True))


def run_check(links: Sequence[tuple[str, str, str]], **options: Any) -> list[LinkRecord]:
    """`check_links` for synchronous callers (the same keyword options): runs it in a new
    event loop; returns its records."""
    import asyncio

    return asyncio.run(check_links(links, **options))


async def check_links(
    links: Sequence[tuple[str, str, str]],
    *,
    timeout: float,
    concurrency: int,
    transport: httpx.AsyncBaseTransport | None = None,
    on_done: Callable[[LinkRecord], None] | None = None,
) -> list[LinkRecord]:
    """Check (program_id, field, link) triples over HTTPS; one record per triple, in input order.

    Each distinct link is requested once, with at most `concurrency` links in flight. A link is
    asked with HEAD, then with a streamed GET (headers only) when HEAD is refused or fails oddly;
    redirects are followed. `timeout` (seconds) bounds each of the two attempts as a whole.
    A link that is not an https URL is reported `invalid` without any request. `transport`
    replaces the network (tests pass an `httpx.MockTransport`). `on_done` is called with each
    record as soon as its link is checked. Raises ValueError when timeout <= 0 or concurrency < 1.
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency!r}")
    if not links:
        return []

    import asyncio

    import httpx

    # Distinct links in first-use order; each maps to the positions of the records that use it.
    positions: dict[str, list[int]] = {}
    for i, (_, _, link) in enumerate(links):
        positions.setdefault(link, []).append(i)
    records: list[LinkRecord | None] = [None] * len(links)
    semaphore = asyncio.Semaphore(concurrency)

    async def check_one(client: httpx.AsyncClient, link: str) -> None:
        reason = _invalid_reason(link)
        if reason is not None:
            outcome = _Outcome(INVALID, None, None, reason)
        else:
            async with semaphore:
                outcome = await _probe(client, link, timeout)
        for i in positions[link]:
            program_id, field, _ = links[i]
            record = LinkRecord(program_id, field, link, *outcome)
            records[i] = record
            if on_done is not None:
                on_done(record)

    client = httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        # The pool never makes a link wait: the semaphore already bounds what is in flight.
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
    )
    async with client:
        await asyncio.gather(*(check_one(client, link) for link in positions))
    done = [r for r in records if r is not None]
    assert len(done) == len(links)  # every position belongs to exactly one distinct link
    return done


def _invalid_reason(link: str) -> str | None:
    """Why `link` must not be requested at all, or None when it is a usable https URL."""
    import httpx

    if not link.strip():
        return "empty link"
    if any(c.isspace() or not c.isprintable() for c in link):
        return "invalid URL: contains a space or control character"
    try:
        url = httpx.URL(link)
        port = url.port
    except (httpx.InvalidURL, ValueError) as exc:
        return f"invalid URL: {_short(str(exc))}"
    # Only https: the catalog promises https pages, and a plain-http request is never made.
    if url.scheme != "https":
        return "not an https URL"
    if not url.host:
        return "invalid URL: no host"
    if port is not None and not 0 < port < 65536:
        return f"invalid URL: port {port} out of range"
    return None


async def _probe(client: httpx.AsyncClient, link: str, timeout: float) -> _Outcome:
    """HEAD the link, then GET it when HEAD's answer cannot be trusted; the verdict."""
    import httpx

    head = await _attempt(client, "HEAD", link, timeout)
    if isinstance(head, _Outcome):
        return head
    # HEAD only saves downloading a page. Servers refuse it (405, 403, 501), mishandle it (404,
    # 400, 500) or drop the connection on it while GET works, so a HEAD that did not succeed is
    # asked again with GET, and GET's answer is the verdict: only broken links cost two requests.
    if isinstance(head, httpx.Response) and head.status_code < 300:
        return _verdict(head)
    get = await _attempt(client, "GET", link, timeout)
    if isinstance(get, _Outcome):
        return get
    if isinstance(get, httpx.Response):
        return _verdict(get)
    return _failure(get, timeout)


async def _attempt(
    client: httpx.AsyncClient, method: str, link: str, timeout: float
) -> httpx.Response | _Outcome | Exception:
    """One request (redirects followed), its body never read.

    Returns the final response (closed, its `history` kept), an outcome when the failure is a
    verdict whatever the method (timeout, TLS, refused connection, invalid URL), or the exception
    when a GET might still succeed.
    """
    import asyncio

    import httpx

    try:
        # The whole attempt, redirects included, gets `timeout`: httpx's own timeouts bound each
        # read or connect, not a server that trickles or a redirect chain of slow hops.
        async with asyncio.timeout(timeout):
            async with client.stream(method, link) as response:
                return response
    except (TimeoutError, httpx.TimeoutException):
        return _Outcome(TIMEOUT, None, None, f"timed out after {timeout:g} s")
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        return _Outcome(INVALID, None, None, f"invalid URL: {_short(str(exc))}")
    except httpx.TooManyRedirects:
        return _Outcome(HTTP_ERROR, None, None, f"more than {MAX_REDIRECTS} redirects")
    except httpx.ConnectError as exc:
        # Connecting failed (no route, refused, unknown name, bad certificate): GET would too.
        return _failure(exc, timeout)
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        return exc if method == "HEAD" else _failure(exc, timeout)
    except Exception as exc:  # one odd link (a library bug, a weird server) must not end the run
        return _failure(exc, timeout)


def _verdict(response: httpx.Response) -> _Outcome:
    """The outcome of a final response, with where its redirects (if any) began and ended."""
    code = response.status_code
    said = f"{code} {response.reason_phrase or _phrase(code)}".strip()
    if not response.history:
        if 200 <= code < 300:
            return _Outcome(OK, code, None, said)
        return _Outcome(_error_status(code), code, None, said)
    first = response.history[0].status_code
    final_url = str(response.url)
    if 200 <= code < 300:
        return _Outcome(REDIRECTED, first, final_url, f"{first} -> {final_url}")
    # Redirected to a dead page: the dead page's status is the news, the redirect is context.
    return _Outcome(_error_status(code), code, final_url, f"{first} -> {final_url}: {said}")


def _error_status(code: int) -> str:
    """The status of a final response that is not a success."""
    if code == 404:
        return NOT_FOUND
    if code == 410:
        return GONE
    # 1xx/3xx as a final answer (a redirect without a Location, 304) is as unusable as a 5xx.
    return HTTP_ERROR


def _failure(exc: Exception, timeout: float) -> _Outcome:
    """The outcome of a request that got no response."""
    import httpx

    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return _Outcome(TIMEOUT, None, None, f"timed out after {timeout:g} s")
    tls = _tls_message(exc)
    if tls is not None:
        return _Outcome(TLS_ERROR, None, None, tls)
    if isinstance(exc, httpx.HTTPError):
        message = _os_reason(exc) or _short(str(exc)) or "connection failed"
        return _Outcome(CONNECTION_ERROR, None, None, message)
    return _Outcome(CONNECTION_ERROR, None, None, f"unexpected {type(exc).__name__}: {exc}"[:160])


def _tls_message(exc: BaseException) -> str | None:
    """A short description when `exc` is (or was caused by) a TLS failure, else None."""
    import ssl

    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError) and cause.verify_message:
            return _short(f"certificate verify failed: {cause.verify_message}")
        if isinstance(cause, ssl.SSLError):
            return _short(str(cause)) or "TLS handshake failed"
        cause = cause.__cause__ or cause.__context__
    # httpx sometimes keeps only the message of the ssl error it wraps.
    text = str(exc)
    if "CERTIFICATE" in text or "SSL" in text or "TLS" in text:
        return _short(text) or "TLS handshake failed"
    return None


def _os_reason(exc: BaseException) -> str | None:
    """The system's words for the OS error behind `exc` ("connection refused"), if there is one.

    When every address of a host fails, anyio says only "All connection attempts failed"; the
    errno of the attempt it chains is what tells a refused port from an unreachable network.
    """
    import os
    import socket

    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        # A name lookup's errno is not an OS errno (-2 would read "Unknown error -2"); its own
        # message ("Name or service not known") is already the one the exception carries.
        if isinstance(cause, OSError) and not isinstance(cause, socket.gaierror):
            if isinstance(cause.errno, int) and cause.errno > 0:
                return _short(os.strerror(cause.errno))
        cause = cause.__cause__ or cause.__context__
    return None


# "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ... (_ssl.c:1006)" and
# "[Errno -2] Name or service not known" carry codes that mean nothing to a maintainer.
_NOISE = re.compile(r"\[(?:SSL: [A-Z0-9_]+|Errno -?\d+)\]\s*|\s*\(_ssl\.c:\d+\)")


def _short(message: str) -> str:
    """`message` as one short human sentence: codes dropped, first letter lowered, capped."""
    text = " ".join(_NOISE.sub("", message).split())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text if len(text) <= 160 else text[:157] + "..."


def _phrase(code: int) -> str:
    """The standard reason phrase of an HTTP status, for servers that send none."""
    import http

    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return ""
