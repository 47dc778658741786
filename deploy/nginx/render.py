"""Fill the @NAME@ placeholders of deploy/nginx/portal.conf (docs/deploy.md).

    python -m deploy.nginx.render --app-server 127.0.0.1:8000 --listen 80 \\
        --static-root /srv/portal/staticfiles --cache-dir /var/cache/nginx/portal \\
        --run-dir /run/portal > /etc/nginx/conf.d/portal.conf

The bench (bench/run.py --proxy) and the tests (tests/deploy/) render the same file with
their own loopback ports and temporary directories, and wrap it in a small nginx.conf of
their own (``standalone_conf``) so nginx runs unprivileged in the foreground.
"""

import argparse
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "portal.conf"
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# A value lands inside an nginx directive: nothing that could end it or start another.
SAFE_VALUE = re.compile(r"[A-Za-z0-9_./:\[\]*-]+")
MIME_TYPES = Path("/etc/nginx/mime.types")


@dataclass(frozen=True)
class ProxySettings:
    app_server: str  # gunicorn's address: host:port or unix:/path
    listen: str  # nginx's listen parameter: a port, or address:port
    static_root: str  # collectstatic's output (STATIC_ROOT)
    cache_dir: str  # where the proxy cache lives (writable by nginx's workers)
    run_dir: str  # where the compression stage's socket is created
    server_name: str = "_"
    # With SHARED_CACHE_MAX_AGE (3 s) and nginx's whole-second clock, it bounds the age of
    # a page nginx serves: 3 + 1 + 3 = 7 s, 10 s just after the cache was empty
    # (docs/deploy.md, "The reverse proxy").
    cache_inactive: str = "3s"
    form_rate: str = "30r/m"
    form_burst: str = "20"


def render(proxy: ProxySettings, template: str | None = None) -> str:
    values = {name.upper(): str(value) for name, value in asdict(proxy).items()}
    for name, value in values.items():
        if not SAFE_VALUE.fullmatch(value):
            raise ValueError(f"{name.lower()}: {value!r} is not a plain address, path or number")
    text = TEMPLATE.read_text() if template is None else template

    def fill(match: re.Match) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise ValueError(f"portal.conf names an unknown placeholder {match.group(0)}") from None

    return PLACEHOLDER.sub(fill, text)


def standalone_conf(prefix: Path, include: Path, *, workers: str = "auto", extra: str = "") -> str:
    """A whole nginx.conf that runs in the foreground with every file under ``prefix``.

    ``include`` is the rendered portal.conf; ``extra`` more text for the http block (the
    bench's static-file ceiling).
    """
    temp = {name: prefix / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    return f"""daemon off;
worker_processes {workers};
pid {prefix / "nginx.pid"};
error_log {prefix / "nginx-error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {include};
{extra}
}}
"""


def write_standalone(prefix: Path, proxy: ProxySettings, *, extra: str = "") -> Path:
    """Render portal.conf and its standalone nginx.conf into ``prefix``; return the latter.

    nginx's workers run as an unprivileged user when it starts as root: ``prefix`` must
    let them through (the callers create it 0o711).
    """
    include = prefix / "portal.conf"
    include.write_text(render(proxy))
    conf = prefix / "nginx.conf"
    conf.write_text(standalone_conf(prefix, include, extra=extra))
    return conf


def nginx_command(nginx: str, prefix: Path, conf: Path, *flags: str) -> list[str]:
    """nginx with every path of its own under ``prefix`` (also the error log it opens
    before reading the configuration)."""
    return [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "nginx.err"), *flags]


def parse_args(argv=None) -> ProxySettings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    defaults = ProxySettings("", "", "", "", "")
    parser.add_argument("--app-server", required=True, help="gunicorn: host:port or unix:/path")
    parser.add_argument("--listen", default="80", help="nginx listen parameter (80)")
    parser.add_argument("--static-root", required=True, help="collectstatic's STATIC_ROOT")
    parser.add_argument("--cache-dir", required=True, help="proxy cache directory")
    parser.add_argument("--run-dir", required=True, help="directory for the internal socket")
    parser.add_argument("--server-name", default=defaults.server_name)
    parser.add_argument(
        "--cache-inactive",
        default=defaults.cache_inactive,
        help="drop copies unread this long; bounds staleness with SHARED_CACHE_MAX_AGE (3s)",
    )
    parser.add_argument("--form-rate", default=defaults.form_rate, help="limit_req rate (30r/m)")
    parser.add_argument("--form-burst", default=defaults.form_burst, help="limit_req burst (20)")
    args = parser.parse_args(argv)
    return ProxySettings(**vars(args))


def main(argv=None) -> int:
    sys.stdout.write(render(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
