"""Load benchmark of the portal: pages against the framework floor and the nginx ceiling.

    .venv/bin/python bench/run.py [--scale 10000] [--duration 10] [--redis] [--cache off]

Creates its own database (portal_bench_run) on the server DATABASE_URL points at,
or on the embedded PostgreSQL when it is unset; migrates and seeds it; starts
gunicorn with production settings on 127.0.0.1 and nginx serving a same-size
static file; drives every page of bench/urls.py with wrk at 1 and 64
connections; counts SQL queries per page in-process (bench/probe.py); prints one
table, the worker memory and the issue's targets. Everything it starts is stopped
at the end, also on Ctrl-C. See bench/README.md.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import CLIENT_HEADERS, FLOOR_PATH  # noqa: E402 - needs ROOT on the path as a script
from bench import proxy as proxy_bench  # noqa: E402
from deploy.nginx.render import ProxySettings, nginx_command, write_standalone  # noqa: E402

LUA_SCRIPT = Path(__file__).resolve().parent / "report.lua"
FILL_SCRIPT = Path(__file__).resolve().parent / "fill.lua"
STORM_SCRIPT = Path(__file__).resolve().parent / "storm.lua"
STORM_MIN_SECONDS = 20  # wrk runs its whole duration; the threads stop after their URLs
# collectstatic's output (community/settings.py STATIC_ROOT), served by the proxy.
STATIC_ROOT = ROOT / "staticfiles"
# The cache-fill phase: distinct URLs of this page, from this many connections.
FILL_PATH = "/events/"  # the largest of the common pages (26 KB at scale 10,000)
FILL_CONNECTIONS = 2
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DATABASE = "portal_bench_run"  # --database; the small one is the same name + "_small"
SMALL_SCALE = 10  # the "few rows" side of the query-count check
CEILING_FILE = "floor.html"
REDIS_LOCAL = "redis://127.0.0.1:6379/0"

# Issue 9, section 2.
TARGET_FLOOR_RATIO = 0.5
TARGET_P99_MS = 100
TARGET_UNCACHED_P95_MS = 50
TARGET_RSS_MB = 150
# Floor or ceiling runs further apart than this mean the machine was busy.
REFERENCE_SPREAD = 0.2

# Bounds for every child process (seconds).
TIMEOUT_INSTALL = 600
TIMEOUT_MIGRATE = 900
TIMEOUT_SEED = 3600
TIMEOUT_COLLECTSTATIC = 600
TIMEOUT_PROBE = 1800
TIMEOUT_START = 60
TIMEOUT_STOP = 10


class BenchError(RuntimeError):
    """A step failed; the message says which and why."""


# --- wrk output --------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    status_errors: int  # responses outside 2xx/3xx
    socket_errors: int  # connect, read, write errors and timeouts
    bytes: int = 0  # read from the socket: headers and bodies

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        return self.status_errors + self.socket_errors


def parse_wrk_output(text: str) -> WrkResult:
    """Read the BENCH_RESULT line that bench/report.lua writes at the end of a wrk run."""
    line = next((ln for ln in text.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise ValueError("wrk printed no BENCH_RESULT line:\n" + text[-2000:])
    values = {}
    for item in line.split()[1:]:
        key, _, value = item.partition("=")
        values[key] = int(value)
    return WrkResult(
        requests=values["requests"],
        duration_s=values["duration_us"] / 1e6,
        p50_ms=values["p50_us"] / 1000,
        p95_ms=values["p95_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        max_ms=values["max_us"] / 1000,
        status_errors=values["status"],
        socket_errors=values["connect"] + values["read"] + values["write"] + values["timeout"],
        bytes=values.get("bytes", 0),
    )


# --- the table ---------------------------------------------------------------------------


@dataclass
class Row:
    url: str
    connections: int | None = None
    result: WrkResult | None = None
    queries: str = ""
    kind: str = "page"  # page, floor or ceiling
    label: str = ""
    login: str | None = None
    note: str = ""  # why a page is not available
    floor_ratio: float | None = None
    ceiling_ratio: float | None = None


COLUMNS = (
    "URL",
    "conn",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "queries",
    "vs floor",
    "vs ceiling",
)


def add_ratios(rows: list[Row]) -> None:
    """Each row's throughput as a ratio to the floor's and the ceiling's at the same concurrency."""
    reference = {
        (row.kind, row.connections): row.result.rps
        for row in rows
        if row.kind in ("floor", "ceiling") and row.result
    }
    for row in rows:
        if row.result is None:
            continue
        floor = reference.get(("floor", row.connections))
        ceiling = reference.get(("ceiling", row.connections))
        row.floor_ratio = row.result.rps / floor if floor else None
        row.ceiling_ratio = row.result.rps / ceiling if ceiling else None


def keep_faster(before: list[Row], after: list[Row]) -> tuple[list[Row], list[tuple]]:
    """Of two runs of the same references, keep the faster of each (ratios then err low).

    Also returns (URL, connections, req/s before, req/s after) for the report.
    """
    kept, runs = [], []
    for first, second in zip(before, after, strict=True):
        kept.append(first if first.result.rps >= second.result.rps else second)
        runs.append((first.url, first.connections, first.result.rps, second.result.rps))
    return kept, runs


def reference_spread_lines(runs: list[tuple]) -> list[str]:
    lines = ["References before / after the pages (req/s; the table keeps the faster):"]
    unsteady = False
    for url, connections, first, second in runs:
        lines.append(f"  {url}, {connections} conn: {first:,.0f} / {second:,.0f}")
        unsteady |= min(first, second) < (1 - REFERENCE_SPREAD) * max(first, second)
    if unsteady:
        lines.append(
            f"  They differ by more than {REFERENCE_SPREAD:.0%}: the machine's load changed "
            "during the run, so the ratios are approximate."
        )
    return lines


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def row_cells(row: Row) -> list[str]:
    url = row.url if len(row.url) <= 48 else row.url[:47] + "…"
    if row.login:
        url += f" [{row.login}]"
    if row.result is None:
        return [url, "", "not available: " + row.note, "", "", "", "", "", "", ""]
    r = row.result
    return [
        url,
        str(row.connections),
        f"{r.rps:,.0f}",
        f"{r.p50_ms:.1f}",
        f"{r.p95_ms:.1f}",
        f"{r.p99_ms:.1f}",
        str(r.errors),
        row.queries,
        _ratio(row.floor_ratio),
        _ratio(row.ceiling_ratio),
    ]


def format_table(rows: list[Row], markdown: bool = False) -> str:
    cells = [row_cells(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for line in cells:
            if line[1] == "":  # not available: one cell says so
                line = [line[0], "", line[2], *[""] * (len(COLUMNS) - 3)]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in line) + " |")
        return "\n".join(lines)
    widths = [len(c) for c in COLUMNS]
    for line in cells:
        if line[1] == "":
            continue  # the "not available" text may run past its column
        widths = [max(w, len(c)) for w, c in zip(widths, line, strict=True)]

    def fmt(line: list[str]) -> str:
        if line[1] == "" and line[2].startswith("not available"):
            return f"{line[0]:<{widths[0]}}  {line[2]}"
        left = f"{line[0]:<{widths[0]}}"
        rest = [f"{c:>{w}}" for c, w in zip(line[1:], widths[1:], strict=True)]
        return "  ".join([left, *rest])

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return "\n".join([fmt(list(COLUMNS)), rule, *(fmt(line) for line in cells)])


def queries_cell(page: dict) -> str:
    """Warm request's query count, with the cold one after a slash when they differ."""
    warm, cold = page.get("queries_warm"), page.get("queries_cold")
    if warm is None:
        return ""
    return str(warm) if warm == cold else f"{warm}/{cold}"


# --- the targets ---------------------------------------------------------------


@dataclass
class Verdict:
    target: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    note: str = ""

    def lines(self) -> list[str]:
        head = f"{'PASS' if self.passed else 'FAIL'}  {self.target}"
        if self.note:
            head += f" ({self.note})"
        return [head, *(f"        {failure}" for failure in self.failures)]


def check_targets(
    rows: list[Row],
    pages: list[dict],
    small_pages: list[dict] | None,
    worker_rss_mb: list[float],
    cache_off: bool,
    filled_rss_mb: list[float] | None = None,
) -> list[Verdict]:
    measured = [row for row in rows if row.kind == "page" and row.result]
    top = max((row.connections for row in measured), default=None)
    verdicts = []

    # The throughput target is the cached site's; with --cache off every page renders.
    if not cache_off:
        failures = []
        for row in measured:
            if row.login or row.connections != top:
                continue
            r = row.result
            if row.floor_ratio is None or row.floor_ratio < TARGET_FLOOR_RATIO:
                failures.append(f"{row.url}: {_ratio(row.floor_ratio) or '?'} of floor")
            if r.errors:
                failures.append(f"{row.url}: {r.errors} errors")
            if r.p99_ms >= TARGET_P99_MS:
                failures.append(f"{row.url}: p99 {r.p99_ms:.0f} ms")
        verdicts.append(
            Verdict(
                f"anonymous pages at {top} connection{'s' if top != 1 else ''}: "
                f"≥ {TARGET_FLOOR_RATIO:.0%} of floor, "
                f"no errors, p99 < {TARGET_P99_MS} ms",
                not failures,
                failures,
            )
        )

    failures = [
        f"{row.url}: p95 {row.result.p95_ms:.0f} ms"
        for row in measured
        if row.connections == 1 and row.result.p95_ms >= TARGET_UNCACHED_P95_MS
    ]
    verdicts.append(
        Verdict(
            f"every page at 1 connection: p95 < {TARGET_UNCACHED_P95_MS} ms",
            not failures,
            failures,
            note="" if cache_off else "cache on; the target is for --cache off",
        )
    )

    if small_pages is not None:
        small = {page["label"]: page for page in small_pages}
        failures = []
        for page in pages:
            other = small.get(page["label"])
            if not page["available"] or not other or not other["available"]:
                continue
            for key in ("queries_cold", "queries_warm"):
                if page[key] != other[key]:
                    failures.append(
                        f"{page['path']}: {other[key]} → {page[key]} ({key.split('_')[1]})"
                    )
        verdicts.append(
            Verdict(
                f"SQL queries per request the same with {SMALL_SCALE} rows and at full scale",
                not failures,
                failures,
            )
        )

    failures = []
    for page in pages:
        if not page["available"]:
            continue
        cache_control = page["cache_control"].lower()
        if page["login"]:
            if "private" not in cache_control:
                failures.append(f"{page['path']}: signed-in page not private ({cache_control!r})")
            continue
        if "public" not in cache_control:
            failures.append(f"{page['path']}: no public Cache-Control ({cache_control!r})")
        if "cookie" not in page["vary"].lower():
            failures.append(f"{page['path']}: no Vary: Cookie")
        conditional = page.get("conditional")
        if conditional is None:
            failures.append(f"{page['path']}: no ETag or Last-Modified")
        elif conditional["status"] != 304:
            failures.append(f"{page['path']}: conditional GET answered {conditional['status']}")
    verdicts.append(
        Verdict(
            "cache headers: anonymous pages public + Vary: Cookie + validator → 304; "
            "signed-in pages private",
            not failures,
            failures,
        )
    )

    readings = [("after the run", worker_rss_mb)]
    if filled_rss_mb is not None:
        readings.append(("after filling the page caches", filled_rss_mb))
    failures = []
    for when, sizes in readings:
        if not sizes:
            failures.append(f"no worker's RSS could be read {when}")
        elif max(sizes) >= TARGET_RSS_MB:
            failures.append(f"largest worker {max(sizes):.0f} MB {when}")
    verdicts.append(
        Verdict(
            f"worker RSS < {TARGET_RSS_MB} MB " + " and ".join(when for when, _ in readings),
            not failures,
            failures,
        )
    )
    return verdicts


# --- tools, databases, processes ---------------------------------------------------------


def find_program(name: str) -> str | None:
    # nginx lives in /usr/sbin, which a non-login shell may not have on its PATH.
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


def ensure_tools() -> dict[str, str]:
    """wrk and nginx from Debian packages, installed when missing (needs root)."""
    missing = [name for name in ("wrk", "nginx") if not find_program(name)]
    if missing:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            raise BenchError(
                f"{' and '.join(missing)} not found. Install them from Debian packages "
                "(as root: apt-get install wrk nginx) and run again."
            )
        step(f"installing {' '.join(missing)} (apt-get)")
        command = "apt-get update -qq && apt-get install -y -qq wrk nginx"
        run_checked(["sh", "-c", command], TIMEOUT_INSTALL, "apt-get install")
    tools = {name: find_program(name) for name in ("wrk", "nginx")}
    if not all(tools.values()):
        raise BenchError("wrk or nginx is still missing after apt-get install.")
    return tools


def bench_database_url(base_url: str, name: str) -> str:
    """``base_url`` with its database name replaced by ``name``."""
    parts = urlsplit(base_url)
    return parts._replace(path="/" + name).geturl()


def server_connection(base_url: str | None):
    """(URL of the server, embedded handle or None). Embedded when DATABASE_URL is unset."""
    if base_url:
        return base_url, None
    from community import embedded_db

    # pgserver asks platformdirs for a runtime dir, which warns when XDG_RUNTIME_DIR is unset.
    warnings.filterwarnings("ignore", module="platformdirs")
    server = embedded_db.start()
    settings = embedded_db.database_settings(server, "postgres")
    url = f"postgres://{settings['USER']}@{quote(settings['HOST'], safe='')}:{settings['PORT']}/"
    return url + "postgres", server


def maintenance_connection(server_url: str, dbname: str = "postgres"):
    import dj_database_url
    import psycopg2

    params = dj_database_url.parse(server_url)
    connection = psycopg2.connect(
        dbname=dbname,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        connect_timeout=10,
        **params.get("OPTIONS", {}),
    )
    connection.autocommit = True
    return connection


def database_comment(cursor, name: str) -> str | None:
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return None if row is None else (row[0] or "")


def create_database(cursor, name: str, template: str | None = None) -> None:
    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    cursor.execute(statement)


def drop_database(cursor, name: str) -> None:
    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_started = time.monotonic()


def step(message: str) -> None:
    print(f"[{time.monotonic() - _started:6.0f}s] {message}", flush=True)


def run_checked(command: list[str], timeout: float, what: str, env: dict | None = None) -> str:
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what} did not finish within {timeout:.0f} s") from exc
    if done.returncode != 0:
        output = (done.stdout + done.stderr)[-3000:]
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{output}")
    return done.stdout


def manage(args: list[str], env: dict, timeout: float) -> str:
    return run_checked([sys.executable, "manage.py", *args], timeout, "manage.py " + args[0], env)


def start_process(command: list[str], env: dict | None, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        # Own session: Ctrl-C reaches only the harness, which then stops the child itself.
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(TIMEOUT_STOP)
    # Whatever it left behind (workers of a master that did not exit) is in its group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(TIMEOUT_STOP)


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only


def http_get(url: str, cookie: str | None = None, timeout: float = 30) -> int:
    headers = {**CLIENT_HEADERS, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_until_up(url: str, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_START
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{what} exited at start:\n{log.read_text()[-3000:]}")
        try:
            if http_get(url, timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError(f"{what} did not answer {url} within {TIMEOUT_START} s")


def nginx_conf(prefix: Path, port: int, root: Path) -> str:
    temp = {name: prefix / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return f"""daemon off;
worker_processes auto;
pid {prefix / "nginx.pid"};
error_log {prefix / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    default_type text/html;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


def worker_rss_mb(master_pid: int) -> list[float]:
    import psutil

    try:
        workers = psutil.Process(master_pid).children()
    except psutil.NoSuchProcess:
        return []
    sizes = []
    for worker in workers:
        try:
            sizes.append(worker.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            continue
    return sizes


def run_wrk(
    wrk: str,
    url: str,
    connections: int,
    duration: int,
    cookie: str | None,
    script: Path = LUA_SCRIPT,
    script_env: dict | None = None,
) -> WrkResult:
    threads = max(1, min(connections, os.cpu_count() or 1))
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s"]
    for name, value in CLIENT_HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += ["-s", str(script), url]
    env = {**os.environ, "BENCH_REPORT_LUA": str(LUA_SCRIPT), **(script_env or {})}
    return parse_wrk_output(run_checked(command, duration + 60, f"wrk {url}", env=env))


# --- the run -----------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark the portal's pages under gunicorn against a Django floor and "
        "an nginx ceiling.",
    )
    parser.add_argument("--scale", type=int, default=10_000, help="seed_demo --scale (10000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument(
        "--connections",
        default="1,64",
        help="comma-separated wrk concurrency levels (1,64)",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--redis", action="store_true", help=f"cache in Redis at {REDIS_LOCAL}")
    parser.add_argument(
        "--cache", choices=("on", "off"), default="on", help="off: Django's dummy cache"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="measure pages whose label contains this"
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the bench databases, and reuse them next time when seeded at the same scale",
    )
    parser.add_argument(
        "--no-scaling-check",
        action="store_true",
        help=f"skip counting queries on a second database seeded with {SMALL_SCALE} rows",
    )
    parser.add_argument(
        "--fill-seconds",
        type=int,
        default=60,
        help=f"after the pages, request distinct URLs of {FILL_PATH} for this long and read the "
        "workers' RSS again (60; 0 skips; not with --cache off)",
    )
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="also measure every page through nginx with deploy/nginx/portal.conf, next to "
        "gunicorn alone and to nginx serving the same bytes as a static file",
    )
    parser.add_argument(
        "--database",
        default=DATABASE,
        help=f"name of the bench database ({DATABASE}; NAME_small for the query check): "
        "created, seeded and dropped. Another name lets two runs share a server.",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    args.connections = [int(c) for c in args.connections.split(",")]
    if args.fill_seconds < 0:
        parser.error("--fill-seconds must be zero or more")
    if args.duration < 1 or args.scale < 0 or min(args.connections) < 1 or args.workers < 1:
        parser.error("duration, connections and workers must be positive, scale zero or more")
    return args


def base_environment(args, database_url: str) -> dict:
    """Production settings on plain-HTTP loopback (see the README for each variable)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        TASKS_BACKEND="immediate",
        EMAIL_URL="locmem://",  # nothing a page does during the run may mail anyone
        LOG_LEVEL="WARNING",
        BENCH_CACHE_OFF="1" if args.cache == "off" else "0",
    )
    if args.cache == "off":
        # The site's own switch for its page cache, besides the dummy cache backend.
        env["PAGE_CACHE_ENABLED"] = "0"
    env.pop("BENCH_FLOOR_BODY", None)
    if args.redis:
        env["REDIS_URL"] = REDIS_LOCAL
        # Fresh keys each run: nothing cached by an earlier run is served.
        env["CACHE_KEY_PREFIX"] = "bench-" + secrets.token_hex(4)
    return env


def check_redis() -> None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as exc:
        raise BenchError(f"--redis: no Redis answers on 127.0.0.1:6379 ({exc})") from exc


def scale_marker(scale: int) -> str:
    return f"portal bench scale={scale}"


def seed(cursor, name: str, scale: int, env: dict, server_url: str) -> None:
    step(f"seeding {name} (seed_demo --scale {scale})")
    # seed_demo refuses to run with DEBUG off (demo passwords); only this step gets DEBUG=1.
    manage(["seed_demo", "--scale", str(scale)], {**env, "DEBUG": "1"}, TIMEOUT_SEED)
    # A live database has been analysed by autovacuum; one seeded a moment ago has no
    # statistics yet, and the planner's guesses for it made list pages 10 ms slower.
    step(f"analysing {name}")
    connection = maintenance_connection(server_url, name)
    try:
        with connection.cursor() as analyse:
            analyse.execute("VACUUM ANALYZE")
    finally:
        connection.close()
    cursor.execute(
        sql.SQL("COMMENT ON DATABASE {} IS {}").format(
            sql.Identifier(name), sql.Literal(scale_marker(scale))
        )
    )


def prepare_databases(cursor, args, env: dict, small_env: dict | None, server_url: str) -> None:
    """The bench database at --scale and, for the query check, a small one.

    The small one is a copy of the freshly migrated database, so only one migrate
    runs. With --keep-db a database already seeded at the same scale is reused.
    """
    large, small = args.database, args.database + "_small"
    large_reused = args.keep_db and database_comment(cursor, large) == scale_marker(args.scale)
    if large_reused:
        step(f"reusing {large} (seeded at scale {args.scale}); migrating")
    else:
        step(f"creating {large}; migrating")
        create_database(cursor, large)
    manage(["migrate", "--noinput"], env, TIMEOUT_MIGRATE)
    if small_env is not None:
        if args.keep_db and database_comment(cursor, small) == scale_marker(SMALL_SCALE):
            step(f"reusing {small}; migrating")
            manage(["migrate", "--noinput"], small_env, TIMEOUT_MIGRATE)
        elif large_reused:
            step(f"creating {small}; migrating")
            create_database(cursor, small)
            manage(["migrate", "--noinput"], small_env, TIMEOUT_MIGRATE)
            seed(cursor, small, SMALL_SCALE, small_env, server_url)
        else:
            step(f"creating {small} as a copy of the migrated {large}")
            create_database(cursor, small, template=large)
            seed(cursor, small, SMALL_SCALE, small_env, server_url)
    if not large_reused:
        seed(cursor, large, args.scale, env, server_url)


def probe(env: dict, out: Path, floor_body: Path | None, only: list[str]) -> dict:
    command = [sys.executable, "-m", "bench.probe", "--out", str(out)]
    if floor_body:
        command += ["--floor-body", str(floor_body)]
    for label in only:
        command += ["--only", label]
    run_checked(command, TIMEOUT_PROBE, "bench/probe.py", env)
    return json.loads(out.read_text())


def benchmark(args, tools: dict, workdir: Path, processes: dict, databases: list) -> dict:
    large, small = args.database, args.database + "_small"
    server_url, processes["embedded"] = server_connection(os.environ.get("DATABASE_URL"))
    own_name = urlsplit(server_url).path.lstrip("/")
    if own_name in (large, small):
        raise BenchError(f"DATABASE_URL points at {own_name}, the database the bench drops.")
    env = base_environment(args, bench_database_url(server_url, large))
    small_env = None
    if not args.no_scaling_check:
        small_env = {**env, "DATABASE_URL": bench_database_url(server_url, small)}
    if args.redis:
        check_redis()

    import psycopg2

    try:
        connection = maintenance_connection(server_url)
        try:
            with connection.cursor() as cursor:
                databases.append(large)
                if small_env is not None:
                    databases.append(small)
                prepare_databases(cursor, args, env, small_env, server_url)
        finally:
            connection.close()
    except psycopg2.Error as exc:
        # Typically: server down, or a user without CREATEDB.
        raise BenchError(f"cannot create the bench databases: {exc}".strip()) from exc

    step("collectstatic")
    manage(["collectstatic", "--noinput"], env, TIMEOUT_COLLECTSTATIC)

    www = workdir / "www"
    www.mkdir(mode=0o755)
    floor_body = www / CEILING_FILE
    small_pages = None
    if small_env is not None:
        step(f"counting queries with {SMALL_SCALE} rows")
        small_document = probe(small_env, workdir / "small.json", None, args.only)
        small_pages = small_document["pages"]
    step(f"counting queries at scale {args.scale}, creating sessions, picking the floor body")
    document = probe(env, workdir / "probe.json", floor_body, args.only)
    floor_body.chmod(0o644)
    pages = document["pages"]

    gunicorn_port, nginx_port = free_port(), free_port()
    step(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{gunicorn_port}")
    gunicorn_log = workdir / "gunicorn.log"
    processes["gunicorn"] = start_process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "community.wsgi:application",
            "--bind",
            f"127.0.0.1:{gunicorn_port}",
            "--workers",
            str(args.workers),
            "--worker-tmp-dir",
            "/dev/shm",  # noqa: S108 - gunicorn's heartbeat files; tmpfs avoids disk stalls
            "--timeout",
            "60",
            "--graceful-timeout",
            str(TIMEOUT_STOP - 2),
            "--log-level",
            "warning",
        ],
        {**env, "BENCH_FLOOR_BODY": str(floor_body)},
        gunicorn_log,
    )
    site = f"http://127.0.0.1:{gunicorn_port}"
    wait_until_up(site + "/healthz", processes["gunicorn"], gunicorn_log, "gunicorn")

    step(f"starting nginx on 127.0.0.1:{nginx_port}")
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_conf(workdir, nginx_port, www))
    nginx_log = workdir / "nginx.log"
    processes["nginx"] = start_process(
        [tools["nginx"], "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "nginx.err")],
        None,
        nginx_log,
    )
    ceiling_url = f"http://127.0.0.1:{nginx_port}/{CEILING_FILE}"
    wait_until_up(ceiling_url, processes["nginx"], nginx_log, "nginx")

    floor_label = f"floor: Django, {document['floor_bytes']:,} B"
    targets = [
        ("floor", floor_label, f"{site}/{FLOOR_PATH}", None, "0"),
        ("ceiling", "ceiling: nginx static file", ceiling_url, None, ""),
    ]
    # The references run before and after the pages: on a shared machine the load
    # changes during a run, and two samples show by how much.
    before = []
    for kind, label, url, cookie, queries in targets:
        before += measure_url(args, tools, kind, label, url, cookie, queries)
    rows = []
    for page in pages:
        if not page["available"]:
            rows.append(
                Row(page["path"] or page["label"], label=page["label"], note=page["reason"])
            )
            continue
        rows += measure_url(
            args,
            tools,
            "page",
            page["path"],
            site + page["path"],
            page.get("cookie"),
            queries_cell(page),
            page=page,
        )
    after = []
    for kind, label, url, cookie, queries in targets:
        after += measure_url(args, tools, kind, label, url, cookie, queries, warm_up=False)
    references, reference_runs = keep_faster(before, after)
    proxied = None
    if args.proxy:
        proxied = measure_proxy(
            args, tools, workdir, processes, gunicorn_port, document, rows, www, nginx_port
        )
    rows = references + rows
    rss = worker_rss_mb(processes["gunicorn"].pid)
    fill = None
    if args.cache == "on" and args.fill_seconds:
        # The pages above fill a few cache entries; a crawler fills them all. The RSS
        # target must hold then too.
        step(f"filling the page caches: distinct URLs of {FILL_PATH} for {args.fill_seconds} s")
        result = run_wrk(
            tools["wrk"], site + FILL_PATH, FILL_CONNECTIONS, args.fill_seconds, None, FILL_SCRIPT
        )
        fill = {
            "requests": result.requests,
            "errors": result.errors,
            "seconds": args.fill_seconds,
            "rss": worker_rss_mb(processes["gunicorn"].pid),
        }
    add_ratios(rows)
    return {
        "rows": rows,
        "reference_runs": reference_runs,
        "pages": pages,
        "small_pages": small_pages,
        "rss": rss,
        "fill": fill,
        "floor_source": document["floor_source"],
        "proxy": proxied,
    }


def measure_url(
    args, tools, kind, label, url, cookie, queries, page=None, warm_up=True
) -> list[Row]:
    if warm_up:
        # Each worker renders the page a couple of times first (template cache, connections).
        for _ in range(2 * args.workers):
            http_get(url, cookie)
    rows = []
    for connections in args.connections:
        step(f"wrk -c{connections} {label}")
        result = run_wrk(tools["wrk"], url, connections, args.duration, cookie)
        rows.append(
            Row(
                label,
                connections,
                result,
                queries,
                kind=kind,
                label=page["label"] if page else label,
                login=page["login"] if page else None,
            )
        )
    return rows


def proxy_settings(prefix: Path, app_port: int, port: int) -> ProxySettings:
    """deploy/nginx/portal.conf's values for the bench: loopback, files under ``prefix``."""
    return ProxySettings(
        app_server=f"127.0.0.1:{app_port}",
        listen=f"127.0.0.1:{port}",
        static_root=str(STATIC_ROOT),
        cache_dir=str(prefix / "cache"),
        run_dir=str(prefix),
    )


def start_proxy(tools: dict, workdir: Path, processes: dict, app_port: int) -> str:
    """nginx with the production configuration in front of gunicorn; returns its URL."""
    prefix = workdir / "reverse-proxy"  # "proxy" is the ceiling's proxy_temp_path
    prefix.mkdir()
    prefix.chmod(0o711)  # nginx's workers (nobody, when started as root) reach the cache
    port = free_port()
    conf = write_standalone(prefix, proxy_settings(prefix, app_port, port))
    step(f"starting nginx with deploy/nginx/portal.conf on 127.0.0.1:{port}")
    log = prefix / "nginx.log"
    processes["proxy"] = start_process(nginx_command(tools["nginx"], prefix, conf), None, log)
    site = f"http://127.0.0.1:{port}"
    wait_until_up(site + "/healthz", processes["proxy"], log, "nginx (proxy)")
    return site


def measure_proxy(
    args, tools, workdir, processes, app_port, document, gunicorn_rows, www, ceiling_port
) -> dict:
    site = start_proxy(tools, workdir, processes, app_port)
    pages = document["pages"]
    available = [page for page in pages if page["available"]]
    signed_in_problems = []
    signed_in = [page for page in available if page.get("cookie") and page["login"]]
    if not signed_in:
        signed_in_problems.append("no signed-in page to check with")
    for page in signed_in[:1]:
        step(f"signed-in check through the proxy: /, anonymous and as {page['login']}")
        signed_in_problems += proxy_bench.signed_in_check(site, "/", page["login"], page["cookie"])
    same = www / "same"
    same.mkdir(mode=0o755)
    by_page = {(row.url, row.connections): row.result for row in gunicorn_rows if row.result}
    top = max(args.connections)
    rows = []
    for number, page in enumerate(available):
        url, cookie = site + page["path"], page.get("cookie")
        for _ in range(2 * args.workers):
            http_get(url, cookie)
        for connections in args.connections:
            step(f"wrk -c{connections} {page['path']} through the proxy")
            rows.append(
                proxy_bench.ProxyRow(
                    page["path"],
                    connections,
                    run_wrk(tools["wrk"], url, connections, args.duration, cookie),
                    gunicorn=by_page.get((page["path"], connections)),
                    login=page["login"],
                )
            )
        _, head, raw, _ = proxy_bench.fetch(url, cookie)
        for row in rows[-len(args.connections) :]:
            row.cache_status = head.get("X-Cache-Status", "")
        if page["login"]:
            continue
        # The ceiling for this page: nginx sending the very bytes the proxy sent.
        copy = same / f"{number}.html"
        copy.write_bytes(raw)
        copy.chmod(0o644)
        step(f"wrk -c{top} the same {len(raw):,} bytes as a static file")
        ceiling = run_wrk(
            tools["wrk"], f"http://127.0.0.1:{ceiling_port}/same/{copy.name}", top,
            args.duration, None,
        )  # fmt: skip
        rows[-1].ceiling = ceiling
    storm = None
    paths = document.get("storm_paths") or []
    if paths:
        # Event and job detail pages nobody asked for yet: misses in nginx and in Django.
        listing = workdir / "storm-paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        step(f"cache-miss storm: {len(paths)} distinct pages at {top} connections")
        threads = max(1, min(top, os.cpu_count() or 1))
        storm = run_wrk(
            tools["wrk"],
            site + "/",
            top,
            max(args.duration, STORM_MIN_SECONDS),
            None,
            STORM_SCRIPT,
            script_env={"BENCH_STORM_PATHS": str(listing), "BENCH_STORM_THREADS": str(threads)},
        )
    return {
        "rows": rows,
        "signed_in_problems": signed_in_problems,
        "storm": storm,
        "storm_pages": len(paths),
    }


def machine_line() -> str:
    memory = ""
    try:
        import psutil

        memory = f", {psutil.virtual_memory().total / 2**30:.1f} GiB RAM"
    except ImportError:
        pass
    return f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} CPUs{memory}"


def _sizes(rss: list[float]) -> str:
    each = ", ".join(f"{size:.0f}" for size in sorted(rss))
    return f"max {max(rss):.0f} MB (each: {each} MB)"


def report(args, outcome: dict) -> str:
    lines = [
        f"Portal benchmark, {machine_line()}; scale {args.scale}, {args.duration} s per run, "
        f"{args.workers} gunicorn workers, cache {args.cache}"
        + (" (Redis)" if args.redis or os.environ.get("REDIS_URL") else " (local memory)"),
        f"Floor body: a copy of the {outcome['floor_source']} page.",
        "",
        format_table(outcome["rows"], markdown=args.markdown),
        "",
    ]
    lines += [*reference_spread_lines(outcome["reference_runs"]), ""]
    rss = outcome["rss"]
    if rss:
        lines.append(f"Worker RSS after the run: {_sizes(rss)}")
    fill = outcome.get("fill")
    if fill:
        lines.append(
            f"Worker RSS after {fill['requests']:,} distinct URLs of {FILL_PATH} "
            f"({fill['seconds']} s, {fill['errors']} errors): {_sizes(fill['rss'])}"
        )
    lines += ["", "Targets (issue 9, section 2):"]
    verdicts = check_targets(
        outcome["rows"],
        outcome["pages"],
        outcome["small_pages"],
        rss,
        args.cache == "off",
        filled_rss_mb=fill["rss"] if fill else None,
    )
    for verdict in verdicts:
        lines += ["  " + line for line in verdict.lines()]
    proxied = outcome.get("proxy")
    if proxied:
        lines += proxy_report(args, proxied)
    return "\n".join(lines)


def proxy_report(args, proxied: dict) -> list[str]:
    lines = [
        "",
        "Through the proxy (deploy/nginx/portal.conf) next to gunicorn alone. Same-bytes "
        "ceiling: nginx serving the proxy's answer to that page as a static file "
        f"(at {max(args.connections)} connections). cache: X-Cache-Status after the run.",
        "",
        proxy_bench.format_proxy_table(proxied["rows"], markdown=args.markdown),
        "",
    ]
    storm = proxied.get("storm")
    if storm is not None:
        lines.append(
            f"Cache-miss storm: {proxied['storm_pages']:,} distinct event and job pages, "
            f"{storm.requests:,} answers at {max(args.connections)} connections through the "
            f"proxy: p50 {storm.p50_ms:.1f}, p95 {storm.p95_ms:.1f}, p99 {storm.p99_ms:.1f} ms, "
            f"{storm.errors} errors"
        )
    lines += ["", "Targets (issue 22, section 2):"]
    verdicts = proxy_bench.check_proxy_targets(
        proxied["rows"], proxied["signed_in_problems"], storm
    )
    for verdict in verdicts:
        lines += ["  " + line for line in verdict.lines()]
    return lines


def proxy_results(proxied: dict | None) -> dict | None:
    if not proxied:
        return None
    return {
        "rows": [
            {
                "url": row.url,
                "connections": row.connections,
                "login": row.login,
                "cache_status": row.cache_status,
                "proxy": asdict(row.proxy),
                "gunicorn": asdict(row.gunicorn) if row.gunicorn else None,
                "ceiling": asdict(row.ceiling) if row.ceiling else None,
            }
            for row in proxied["rows"]
        ],
        "signed_in_problems": proxied["signed_in_problems"],
        "storm": asdict(proxied["storm"]) if proxied.get("storm") else None,
        "storm_pages": proxied.get("storm_pages"),
    }


def save_results(args, outcome: dict, text: str) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / time.strftime("%Y%m%d-%H%M%S.json")
    data = {
        "args": vars(args),
        "machine": machine_line(),
        "rows": [
            {**asdict(row), "rps": row.result.rps if row.result else None}
            for row in outcome["rows"]
        ],
        "pages": [{k: v for k, v in p.items() if k != "cookie"} for p in outcome["pages"]],
        "small_pages": outcome["small_pages"],
        "worker_rss_mb": outcome["rss"],
        "fill": outcome["fill"],
        "reference_runs": outcome["reference_runs"],
        "proxy": proxy_results(outcome.get("proxy")),
        "report": text,
    }
    path.write_text(json.dumps(data, indent=2))
    return path


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    # Also when started in the background, where a shell makes the child ignore SIGINT.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    processes: dict = {}
    databases: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    # nginx workers run as an unprivileged user and must reach www/ inside.
    workdir.chmod(0o711)
    try:
        tools = ensure_tools()
        outcome = benchmark(args, tools, workdir, processes, databases)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        # Cleanup is bounded; a second Ctrl-C must not cut it short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_process(processes.get("proxy"))
        stop_process(processes.get("nginx"))
        stop_process(processes.get("gunicorn"))
        if databases and not args.keep_db:
            cleanup_databases(databases)
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(args, outcome)
    print("\n" + text)
    print(f"\nResults saved to {save_results(args, outcome, text).relative_to(ROOT)}")
    return 0


def cleanup_databases(names: list[str]) -> None:
    try:
        server_url, _ = server_connection(os.environ.get("DATABASE_URL"))
        connection = maintenance_connection(server_url)
    except Exception as exc:  # cleanup must not hide the run's own error
        print(f"bench: could not drop {', '.join(names)}: {exc}", file=sys.stderr)
        return
    try:
        with connection.cursor() as cursor:
            for name in names:
                drop_database(cursor, name)
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
