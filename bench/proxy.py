"""The reverse-proxy part of the benchmark (run.py --proxy, issue 22): the table that sets
each page through deploy/nginx/portal.conf next to gunicorn alone and to nginx serving the
same bytes as a static file, the signed-in check, and the proxy's targets."""

import gzip
import urllib.error
import urllib.request
from dataclasses import dataclass

from bench import CLIENT_HEADERS

# Issue 22, section 2.
TARGET_CEILING_RATIO = 0.5
TARGET_P99_MS = 20
STORM_URLS = 1000  # distinct pages of the cache-miss storm (bench/urls.py storm_paths)
TARGET_STORM_P99_MS = 250

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only


@dataclass
class ProxyRow:
    url: str
    connections: int
    proxy: object  # run.WrkResult through nginx
    gunicorn: object | None = None  # the same page and concurrency, gunicorn alone
    ceiling: object | None = None  # nginx serving the proxy's answer as a static file
    login: str | None = None
    cache_status: str = ""  # X-Cache-Status of a request after the run

    @property
    def body_bytes(self) -> int:
        result = self.proxy
        return round(result.bytes / result.requests) if result.requests else 0

    @property
    def ceiling_ratio(self) -> float | None:
        if self.ceiling is None or not self.ceiling.rps:
            return None
        return self.proxy.rps / self.ceiling.rps


PROXY_COLUMNS = (
    "URL",
    "conn",
    "proxy req/s",
    "p50 ms",
    "p99 ms",
    "errors",
    "B/answer",
    "cache",
    "gunicorn req/s",
    "gunicorn p99",
    "same-bytes ceiling",
    "vs ceiling",
)


def proxy_cells(row: ProxyRow) -> list[str]:
    url = row.url if len(row.url) <= 40 else row.url[:39] + "…"
    if row.login:
        url += f" [{row.login}]"
    p, g, c = row.proxy, row.gunicorn, row.ceiling
    return [
        url,
        str(row.connections),
        f"{p.rps:,.0f}",
        f"{p.p50_ms:.1f}",
        f"{p.p99_ms:.1f}",
        str(p.errors),
        f"{row.body_bytes:,}",
        row.cache_status,
        f"{g.rps:,.0f}" if g else "",
        f"{g.p99_ms:.1f}" if g else "",
        f"{c.rps:,.0f}" if c else "",
        "" if row.ceiling_ratio is None else f"{row.ceiling_ratio:.2f}",
    ]


def format_proxy_table(rows: list[ProxyRow], markdown: bool = False) -> str:
    cells = [proxy_cells(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(PROXY_COLUMNS) + " |", "|" + "---|" * len(PROXY_COLUMNS)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in cells]
        return "\n".join(lines)
    widths = [len(c) for c in PROXY_COLUMNS]
    for line in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, line, strict=True)]

    def fmt(line):
        rest = [f"{c:>{w}}" for c, w in zip(line[1:], widths[1:], strict=True)]
        return "  ".join([f"{line[0]:<{widths[0]}}", *rest])

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return "\n".join([fmt(list(PROXY_COLUMNS)), rule, *(fmt(line) for line in cells)])


def fetch(url: str, cookie: str | None = None, timeout: float = 30):
    """(status, headers, body as sent, body unpacked) of one GET with the bench's headers."""
    headers = {**CLIENT_HEADERS, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback URLs only
    try:
        with _opener.open(request, timeout=timeout) as response:
            status, head, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        status, head, raw = exc.code, exc.headers, exc.read()
    body = gzip.decompress(raw) if head.get("Content-Encoding") == "gzip" else raw
    return status, head, raw, body


def signed_in_check(proxy_site: str, path: str, username: str, cookie: str) -> list[str]:
    """Problems seen when an anonymous reader, then ``username``, then an anonymous reader
    again ask for ``path`` through the proxy; empty when each got their own page."""
    problems = []
    # The header's user menu names its reader (templates/includes/site_header.html); the
    # bare name is no test: "board" is in the home page's "Python job board".
    name = f'id="user-menu">{username}</button>'.encode()
    menu = b'id="user-menu"'
    for _ in range(2):  # the second one is answered from the cache
        _, head, _, anonymous = fetch(proxy_site + path)
    if head.get("X-Cache-Status") != "HIT":
        problems.append(f"{path}: the anonymous page was not cached ({head.get('X-Cache-Status')})")
    status, head, _, own = fetch(proxy_site + path, cookie)
    if status != 200:
        problems.append(f"{path} [{username}]: status {status}")
    if head.get("X-Cache-Status") != "BYPASS":
        problems.append(f"{path} [{username}]: X-Cache-Status {head.get('X-Cache-Status')}")
    if "private" not in (head.get("Cache-Control") or ""):
        problems.append(f"{path} [{username}]: not private ({head.get('Cache-Control')})")
    if name not in own:
        problems.append(f"{path} [{username}]: the page does not name its reader")
    _, head, _, after = fetch(proxy_site + path)
    if name in anonymous or name in after:
        problems.append(f"{path}: an anonymous reader got {username}'s page")
    elif menu in anonymous or menu in after:
        problems.append(f"{path}: an anonymous reader got a signed-in reader's page")
    return problems


@dataclass
class ProxyVerdict:
    target: str
    passed: bool
    failures: list

    def lines(self) -> list[str]:
        head = f"{'PASS' if self.passed else 'FAIL'}  {self.target}"
        return [head, *(f"        {failure}" for failure in self.failures)]


def check_proxy_targets(
    rows: list[ProxyRow], signed_in_problems: list[str], storm
) -> list[ProxyVerdict]:
    top = max((row.connections for row in rows), default=None)
    failures = []
    for row in rows:
        if row.login or row.connections != top:
            continue
        ratio = row.ceiling_ratio
        if ratio is None or ratio < TARGET_CEILING_RATIO:
            shown = "?" if ratio is None else f"{ratio:.2f}"
            failures.append(f"{row.url}: {shown} of the same-bytes ceiling")
        if row.proxy.errors:
            failures.append(f"{row.url}: {row.proxy.errors} errors")
        if row.proxy.p99_ms >= TARGET_P99_MS:
            failures.append(f"{row.url}: p99 {row.proxy.p99_ms:.0f} ms")
    verdicts = [
        ProxyVerdict(
            f"anonymous pages through the proxy at {top} connections: "
            f"≥ {TARGET_CEILING_RATIO:.0%} of nginx serving the same bytes, no errors, "
            f"p99 < {TARGET_P99_MS} ms",
            not failures,
            failures,
        ),
        ProxyVerdict(
            "signed-in pages never come from the proxy cache (anonymous, user, anonymous)",
            not signed_in_problems,
            signed_in_problems,
        ),
    ]
    if storm is not None:
        failures = []
        if storm.errors:
            failures.append(f"{storm.errors} errors")
        if storm.p99_ms >= TARGET_STORM_P99_MS:
            failures.append(f"p99 {storm.p99_ms:.0f} ms")
        verdicts.append(
            ProxyVerdict(
                f"cache-miss storm ({storm.requests:,} answers at {top} connections): "
                f"p99 < {TARGET_STORM_P99_MS} ms, no errors",
                not failures,
                failures,
            )
        )
    return verdicts
