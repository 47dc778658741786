"""deploy/nginx/portal.conf in front of the real site (Django's live server on loopback):
nothing signed in leaks through the cache, nginx answers conditional requests, and a
published event or approved job shows within 10 s."""

import gzip
import time

import pytest
from django.conf import settings
from django.test import Client

from events.services import event_publish
from jobs import services as jobs_services
from tests.deploy.proxy import NginxProxy, needs_nginx
from tests.events.factories import EventFactory, SubmittedEventFactory
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = [
    pytest.mark.slow,
    needs_nginx,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRESHNESS_TARGET_S = 10


@pytest.fixture
def proxy(live_server):
    host, port = live_server.thread.host, live_server.thread.port
    started = NginxProxy(f"{'127.0.0.1' if host == 'localhost' else host}:{port}").start()
    yield started
    started.stop()


def text(answer) -> str:
    body = answer.body
    if answer.header("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_two_users_and_an_anonymous_reader_each_get_their_own_page(proxy):
    EventFactory(title="PyCon Cachetown")
    alice, bob = UserFactory(username="alice-reader"), UserFactory(username="bob-reader")
    readers = [
        ("anonymous", {}),
        ("alice-reader", {"Cookie": session_cookie(alice)}),
        ("bob-reader", {"Cookie": "csrftoken=x; " + session_cookie(bob)}),
        ("anonymous", {}),
        ("alice-reader", {"Cookie": session_cookie(alice)}),
    ]
    seen = []
    for who, headers in readers:
        answer = proxy.request("/", {"Accept-Encoding": "gzip", **headers})
        page = text(answer)
        assert answer.status == 200
        assert "PyCon Cachetown" in page
        for name in ("alice-reader", "bob-reader"):
            assert (name in page) == (name == who), (who, name)
        if who != "anonymous":
            assert "private" in answer.header("Cache-Control")
        seen.append(answer.cache)
    assert seen == ["MISS", "BYPASS", "BYPASS", "HIT", "BYPASS"]


def test_nginx_answers_a_conditional_request_for_a_cached_page(proxy):
    EventFactory(title="PyCon Validators")
    first = proxy.get("/events/", Accept_Encoding="gzip")
    assert first.status == 200
    assert "s-maxage" in first.header("Cache-Control")
    again = proxy.get("/events/", Accept_Encoding="gzip", If_None_Match=first.header("ETag"))
    assert (again.status, again.cache) == (304, "HIT")


def wait_until_shown(proxy, path: str, title: str) -> float:
    """Seconds until ``title`` is on ``path`` through the proxy, reading every 100 ms
    as a busy page is read."""
    started = time.monotonic()
    while title not in text(proxy.get(path, Accept_Encoding="gzip")):
        elapsed = time.monotonic() - started
        assert elapsed < FRESHNESS_TARGET_S + 2, f"{title} not on {path} after {elapsed:.1f} s"
        time.sleep(0.1)
    return time.monotonic() - started


def assert_cached(proxy, path: str, shown: str):
    assert shown in text(proxy.get(path, Accept_Encoding="gzip"))
    assert proxy.get(path, Accept_Encoding="gzip").cache == "HIT"


def test_a_published_event_and_an_approved_job_show_through_the_proxy_within_10_s(
    proxy, superuser, job_reviewer, capsys
):
    # One test for both: each transactional test of the live server costs a database flush.
    EventFactory(title="PyCon Already")
    event = SubmittedEventFactory(title="PyCon Justpublished")
    ApprovedJobPostFactory(title="Already Pythonista")
    post = PendingJobPostFactory(title="Freshly Approved Pythonista")
    assert_cached(proxy, "/events/", "PyCon Already")
    event_publish(event=event, by=superuser)  # committed: no transaction around the test
    event_staleness = wait_until_shown(proxy, "/events/", "PyCon Justpublished")
    assert_cached(proxy, "/jobs/", "Already Pythonista")
    jobs_services.post_claim(post=post, by=job_reviewer)
    jobs_services.post_approve(post=post, by=job_reviewer)
    job_staleness = wait_until_shown(proxy, "/jobs/", "Freshly Approved Pythonista")

    with capsys.disabled():
        print(
            f"\nthrough the proxy: a published event on /events/ after {event_staleness:.1f} s, "
            f"an approved job on /jobs/ after {job_staleness:.1f} s"
        )
    assert event_staleness <= FRESHNESS_TARGET_S
    assert job_staleness <= FRESHNESS_TARGET_S
