"""The reverse-proxy part of the bench (run.py --proxy, bench/proxy.py)."""

import re
import shutil

import pytest

from bench import proxy as proxy_bench
from bench.run import (
    STORM_SCRIPT,
    WrkResult,
    parse_args,
    parse_wrk_output,
    proxy_settings,
    run_wrk,
)
from deploy.nginx.render import render
from tests.deploy.proxy import NginxProxy, needs_nginx
from tests.loopback import LoopbackServer


def result(rps: float, p99_ms: float = 5.0, errors: int = 0, size: int = 5000) -> WrkResult:
    requests = int(rps * 10)
    return WrkResult(requests, 10.0, 1.0, 2.0, p99_ms, p99_ms, errors, 0, bytes=requests * size)


def test_wrk_bytes_give_the_size_of_an_answer():
    line = (
        "BENCH_RESULT requests=100 duration_us=1000000 bytes=512000 connect=0 read=0 write=0 "
        "status=0 timeout=0 p50_us=100 p95_us=200 p99_us=300 max_us=400"
    )
    row = proxy_bench.ProxyRow("/", 64, parse_wrk_output(line))
    assert row.body_bytes == 5120


def test_proxy_targets_judge_anonymous_pages_against_nginx_sending_the_same_bytes():
    rows = [
        proxy_bench.ProxyRow("/events/", 64, result(9000), ceiling=result(10000)),
        proxy_bench.ProxyRow("/jobs/", 64, result(4000), ceiling=result(10000)),
        proxy_bench.ProxyRow("/slow/", 64, result(9000, p99_ms=25), ceiling=result(10000)),
        proxy_bench.ProxyRow("/broken/", 64, result(9000, errors=3), ceiling=result(10000)),
        proxy_bench.ProxyRow("/jobs/", 1, result(100)),  # not the top concurrency
        proxy_bench.ProxyRow("/inbox/", 64, result(50), login="reviewer"),  # signed in
    ]
    storm = result(100, p99_ms=300)
    anonymous, signed_in, storm_verdict = proxy_bench.check_proxy_targets(rows, [], storm)
    assert not anonymous.passed
    assert anonymous.failures == [
        "/jobs/: 0.40 of the same-bytes ceiling",
        "/slow/: p99 25 ms",
        "/broken/: 3 errors",
    ]
    assert signed_in.passed
    assert storm_verdict.failures == ["p99 300 ms"]
    ok = proxy_bench.check_proxy_targets(rows[:1], ["leak"], None)
    assert [verdict.passed for verdict in ok] == [True, False]


def test_the_proxy_table_sets_proxy_gunicorn_and_ceiling_side_by_side():
    row = proxy_bench.ProxyRow(
        "/events/", 64, result(9000), gunicorn=result(300, p99_ms=40), ceiling=result(12000)
    )
    row.cache_status = "HIT"
    table = proxy_bench.format_proxy_table([row])
    header, _, line = table.splitlines()
    assert "proxy req/s" in header
    assert "gunicorn req/s" in header
    assert re.split(r"\s{2,}", line) == [
        "/events/", "64", "9,000", "1.0", "5.0", "0", "5,000", "HIT", "300", "40.0", "12,000",
        "0.75",
    ]  # fmt: skip
    markdown = proxy_bench.format_proxy_table([row], markdown=True)
    assert markdown.splitlines()[2].startswith("| /events/ | 64 | 9,000 |")


def test_the_bench_proxy_listens_on_loopback_only(tmp_path):
    conf = render(proxy_settings(tmp_path, 8000, 8081))
    listens = re.findall(r"^\s*listen (\S+);", conf, flags=re.MULTILINE)
    assert listens == ["127.0.0.1:8081", f"unix:{tmp_path}/portal-gzip.sock"]
    assert "server 127.0.0.1:8000;" in conf


def test_proxy_and_database_are_options():
    args = parse_args(["--proxy", "--database", "portal_bench_mine"])
    assert args.proxy
    assert args.database == "portal_bench_mine"
    assert not parse_args([]).proxy


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (make bench installs it)")
def test_the_storm_asks_for_each_of_its_pages_once_then_stops(tmp_path, recording_server):
    listing = tmp_path / "paths.txt"
    listing.write_text("".join(f"/events/python-events/{n}/e/\n" for n in range(50)))
    env = {"BENCH_STORM_PATHS": str(listing), "BENCH_STORM_THREADS": "2"}
    result = run_wrk(
        shutil.which("wrk"), recording_server.url, 4, 2, None, STORM_SCRIPT, script_env=env
    )
    paths = recording_server.paths
    wanted = {f"/events/python-events/{n}/e/" for n in range(50)}
    assert set(paths) == wanted  # every page, nothing else
    # Each thread stops after its share (25); a connection may repeat its last page once.
    assert 50 <= len(paths) <= 50 + 4
    assert 50 <= result.requests <= 50 + 4


def test_the_storm_reads_distinct_public_event_and_job_pages(db):
    from bench.urls import storm_paths
    from tests.events.factories import EventFactory
    from tests.jobs.factories import ApprovedJobPostFactory

    events = [EventFactory() for _ in range(3)]
    jobs = [ApprovedJobPostFactory() for _ in range(2)]
    paths = storm_paths(limit=4)
    assert paths == [
        events[0].get_absolute_url(), jobs[0].get_absolute_url(),
        events[1].get_absolute_url(), jobs[1].get_absolute_url(),
    ]  # fmt: skip
    assert len(storm_paths()) == 5


def page_naming_its_reader(handler):
    cookie = handler.headers.get("Cookie", "")
    found = re.search(r"sessionid=(\w+)", cookie)
    user = found.group(1) if found else None
    # Like the site's header; the anonymous page has the reader's name as a plain word.
    menu = f'<button type="button" id="user-menu">{user}</button>'
    body = (menu if user else "<p>welcome, alice and everyone</p>").encode() * 20
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Vary", "Cookie")
    handler.send_header(
        "Cache-Control", "private, no-cache" if user else "public, max-age=300, s-maxage=60"
    )
    handler.end_headers()
    handler.wfile.write(body)


@needs_nginx
@pytest.mark.parametrize("leak", [False, True])
def test_the_signed_in_check_finds_a_page_served_from_the_cache(leak):
    upstream = LoopbackServer().start()
    upstream.route("/", page_naming_its_reader)
    # A proxy whose cache ignored the session cookie would hand the anonymous copy out.
    proxy = NginxProxy(f"127.0.0.1:{upstream.port}")
    if leak:
        text = (proxy.prefix / "portal.conf").read_text()
        (proxy.prefix / "portal.conf").write_text(
            text.replace("proxy_cache_bypass $portal_personal;", "")
        )
    proxy.start()
    try:
        problems = proxy_bench.signed_in_check(
            f"http://127.0.0.1:{proxy.port}", "/", "alice", "sessionid=alice"
        )
    finally:
        proxy.stop()
        upstream.stop()
    if leak:
        assert "/ [alice]: X-Cache-Status HIT" in problems
        assert "/ [alice]: the page does not name its reader" in problems
    else:
        assert problems == []
