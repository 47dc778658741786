"""The benchmark harness's own parts; no server, nginx or wrk is started here."""

import importlib
import shutil

import pytest
from django.urls import Resolver404, resolve

from bench.run import (
    FILL_SCRIPT,
    Row,
    WrkResult,
    add_ratios,
    bench_database_url,
    check_targets,
    format_table,
    keep_faster,
    nginx_conf,
    parse_wrk_output,
    queries_cell,
    reference_spread_lines,
    run_wrk,
)
from bench.sessions import session_cookie
from bench.urls import PAGES, Page, Unavailable, reverse_first

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 64 connections
Requests/sec:   1502.74
BENCH_RESULT requests=15000 duration_us=10000000 bytes=2871261 connect=0 read=2 write=0 \
status=3 timeout=1 p50_us=12500 p95_us=48000 p99_us=99500 max_us=250000
"""


def result(rps: float, p99_ms: float = 10.0, errors: int = 0) -> WrkResult:
    return WrkResult(
        requests=int(rps * 10),
        duration_s=10.0,
        p50_ms=1.0,
        p95_ms=5.0,
        p99_ms=p99_ms,
        max_ms=p99_ms,
        status_errors=errors,
        socket_errors=0,
    )


def test_wrk_report_line_gives_throughput_latencies_and_all_errors():
    parsed = parse_wrk_output(WRK_OUTPUT)
    assert parsed.rps == pytest.approx(1500.0)
    assert (parsed.p50_ms, parsed.p95_ms, parsed.p99_ms) == (12.5, 48.0, 99.5)
    assert parsed.status_errors == 3
    assert parsed.socket_errors == 3  # read + timeout
    assert parsed.errors == 6


def test_wrk_output_without_report_line_is_an_error_that_shows_the_output():
    with pytest.raises(ValueError, match="unable to connect"):
        parse_wrk_output("unable to connect to 127.0.0.1:8000 Connection refused")


def test_ratios_compare_with_floor_and_ceiling_at_the_same_concurrency():
    rows = [
        Row("floor", 1, result(1000), kind="floor"),
        Row("floor", 64, result(4000), kind="floor"),
        Row("ceiling", 1, result(10000), kind="ceiling"),
        Row("ceiling", 64, result(40000), kind="ceiling"),
        Row("/jobs/", 64, result(2000)),
        Row("/jobs/feed.rss", note="answers 404"),
    ]
    add_ratios(rows)
    assert rows[4].floor_ratio == pytest.approx(0.5)
    assert rows[4].ceiling_ratio == pytest.approx(0.05)
    assert rows[5].floor_ratio is None


def test_table_has_one_line_per_run_and_says_which_pages_are_not_available():
    rows = [
        Row("floor: Django, 20,000 B", 1, result(1000), "0", kind="floor"),
        Row("/admin/jobs/job/", 1, result(250), "7/9", login="reviewer"),
        Row("month grid", note="no URL named events:month"),
    ]
    add_ratios(rows)
    lines = format_table(rows).splitlines()
    assert lines[0].split() == [
        *(["URL", "conn", "req/s", "p50", "ms", "p95", "ms", "p99", "ms", "errors", "queries"]),
        *(["vs", "floor", "vs", "ceiling"]),
    ]
    # rps, p50, p95, p99, errors, queries, vs floor (no ceiling row: that cell is empty)
    assert lines[2].split()[-7:] == ["1,000", "1.0", "5.0", "10.0", "0", "0", "1.00"]
    assert "/admin/jobs/job/ [reviewer]" in lines[3]
    assert lines[3].split()[-3:] == ["0", "7/9", "0.25"]
    assert lines[4].startswith("month grid")
    assert "not available: no URL named events:month" in lines[4]


def test_references_keep_the_faster_run_and_warn_when_the_machine_was_busy():
    before = [Row("floor", 64, result(900), kind="floor"), Row("ceiling", 64, result(40000))]
    after = [Row("floor", 64, result(3000), kind="floor"), Row("ceiling", 64, result(39000))]
    kept, runs = keep_faster(before, after)
    assert [row.result.rps for row in kept] == [3000, 40000]
    lines = reference_spread_lines(runs)
    assert "  floor, 64 conn: 900 / 3,000" in lines
    assert "ratios are approximate" in lines[-1]
    steady = reference_spread_lines([("floor", 1, 1000.0, 950.0)])
    assert not any("approximate" in line for line in steady)


def test_markdown_table_escapes_pipes_and_keeps_every_column():
    rows = [Row("/jobs/?q=a|b", 64, result(500), "3")]
    markdown = format_table(rows, markdown=True).splitlines()
    assert markdown[0].count("|") == 11
    assert "/jobs/?q=a\\|b" in markdown[2]


def test_query_cell_shows_the_cold_count_only_when_it_differs():
    assert queries_cell({"queries_warm": 4, "queries_cold": 4}) == "4"
    assert queries_cell({"queries_warm": 0, "queries_cold": 12}) == "0/12"
    assert queries_cell({}) == ""


def page_probe(label: str, path: str, **extra) -> dict:
    return {
        "label": label,
        "path": path,
        "login": None,
        "available": True,
        "queries_warm": 3,
        "queries_cold": 3,
        "cache_control": "public, max-age=300",
        "vary": "Cookie",
        "conditional": {"status": 304, "queries": 1},
        **extra,
    }


def test_targets_name_each_page_that_misses_them():
    rows = [
        Row("floor", 64, result(1000), kind="floor"),
        Row("/events/", 64, result(800)),
        Row("/jobs/", 64, result(300, p99_ms=180, errors=2)),
    ]
    add_ratios(rows)
    pages = [
        page_probe("events", "/events/"),
        page_probe("jobs", "/jobs/", cache_control="", conditional=None, queries_warm=5),
    ]
    small = [page_probe("events", "/events/"), page_probe("jobs", "/jobs/")]
    verdicts = {v.target.split(":")[0]: v for v in check_targets(rows, pages, small, [60.0], False)}

    load = verdicts["anonymous pages at 64 connections"]
    assert not load.passed
    assert load.failures == ["/jobs/: 0.30 of floor", "/jobs/: 2 errors", "/jobs/: p99 180 ms"]
    scaling = next(v for v in verdicts.values() if v.target.startswith("SQL queries"))
    assert scaling.failures == ["/jobs/: 3 → 5 (warm)"]
    headers = verdicts["cache headers"]
    assert headers.failures == [
        "/jobs/: no public Cache-Control ('')",
        "/jobs/: no ETag or Last-Modified",
    ]
    assert verdicts["worker RSS < 150 MB after the run"].passed


def test_bench_database_keeps_the_server_and_its_options():
    url = "postgres://postgres:pw@db.internal:5433/portal?sslmode=require"
    assert bench_database_url(url, "portal_bench_run") == (
        "postgres://postgres:pw@db.internal:5433/portal_bench_run?sslmode=require"
    )


def test_nginx_listens_on_loopback_only(tmp_path):
    conf = nginx_conf(tmp_path, 8081, tmp_path / "www")
    assert "listen 127.0.0.1:8081;" in conf
    assert "daemon off;" in conf
    assert f"root {tmp_path / 'www'};" in conf


def test_every_page_of_the_issue_is_listed_once():
    labels = [page.label for page in PAGES]
    # 19 from the benchmark issue; the booth list, a booth page and "my shifts"; /regions/,
    # a region page and a user group's page; the hub's help, team, materials, search and
    # overview pages.
    assert len(labels) == len(set(labels)) == 32
    assert {page.login for page in PAGES} == {None, "reviewer", "board", "member"}


def test_a_url_that_cannot_be_resolved_is_unavailable_not_a_crash():
    with pytest.raises(Unavailable, match="no URL named nowhere:page"):
        reverse_first([("nowhere:page", {})])
    assert Page("fixed", "/jobs/").resolve() == "/jobs/"


def test_the_site_itself_never_routes_the_floor_view():
    with pytest.raises(Resolver404):
        resolve("/__bench__/floor")


def test_floor_view_returns_the_body_file_under_bench_settings(
    client, settings, monkeypatch, tmp_path
):
    body = tmp_path / "floor.html"
    body.write_bytes(b"<!doctype html><p>typical page</p>")
    monkeypatch.setenv("BENCH_FLOOR_BODY", str(body))
    importlib.reload(importlib.import_module("bench.floor_urls"))
    settings.ROOT_URLCONF = "bench.floor_urls"
    response = client.get("/__bench__/floor")
    assert response.status_code == 200
    assert response.content == body.read_bytes()


@pytest.mark.django_db
def test_session_cookie_signs_the_demo_user_in(client, member):
    name, _, key = session_cookie("member").partition("=")
    client.cookies[name] = key
    response = client.get("/accounts/profile/")
    assert response.status_code == 200
    assert response.wsgi_request.user == member


def test_with_the_cache_off_only_the_render_targets_are_judged():
    rows = [Row("floor", 1, result(1000), kind="floor"), Row("/jobs/", 1, result(30))]
    add_ratios(rows)
    pages = small = [page_probe("jobs", "/jobs/")]
    targets = [v.target for v in check_targets(rows, pages, small, [60.0], True)]
    assert not any(target.startswith("anonymous pages") for target in targets)
    assert any(target.startswith("every page at 1 connection") for target in targets)


def test_the_rss_target_holds_after_the_page_caches_are_filled_too():
    rows = [Row("floor", 1, result(1000), kind="floor"), Row("/jobs/", 1, result(30))]
    add_ratios(rows)
    pages = small = [page_probe("jobs", "/jobs/")]

    verdicts = check_targets(rows, pages, small, [110.0], False, filled_rss_mb=[120.0, 162.0])

    rss = verdicts[-1]
    assert rss.target == "worker RSS < 150 MB after the run and after filling the page caches"
    assert not rss.passed
    assert rss.failures == ["largest worker 162 MB after filling the page caches"]


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (make bench installs it)")
def test_the_fill_phase_asks_for_a_new_url_on_every_request(recording_server):
    result = run_wrk(shutil.which("wrk"), recording_server.url, 2, 1, None, FILL_SCRIPT)
    paths = recording_server.paths

    assert result.requests > 10
    assert len(set(paths)) == len(paths)  # every URL new, across both connections
    assert all(path.startswith("/?fill=") for path in paths)


def test_only_picks_pages_by_label_and_refuses_a_choice_that_matches_none():
    from bench.probe import selected
    from bench.urls import PAGES

    assert [page.label for page in selected(PAGES, ["kit reports"])] == ["kit reports"]
    assert selected(PAGES, []) == PAGES
    with pytest.raises(SystemExit, match="no page's label contains it; labels: home"):
        selected(PAGES, ["/jobs/5016/"])


@pytest.mark.django_db
def test_the_probe_starts_with_an_empty_cache_table_so_cold_counts_compare():
    from django.core.cache import caches

    from bench.probe import forget_stored_cache

    caches["shared"].set("events:ics:python-events:v1:gzip", b"built by an earlier run", 60)
    forget_stored_cache()
    assert caches["shared"].get("events:ics:python-events:v1:gzip") is None
