import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from community.http import cached_public_page
from representatives.models import Region

pytestmark = pytest.mark.django_db

REGIONS = reverse("representatives:region-list")


@pytest.fixture
def rendered():
    templates = []

    def record(sender, template, **kwargs):
        templates.append(template.name)

    template_rendered.connect(record)
    yield templates
    template_rendered.disconnect(record)


def test_second_anonymous_request_is_served_from_the_cache(
    client, django_assert_num_queries, rendered
):
    first = client.get(REGIONS)
    assert first.status_code == 200
    rendered.clear()
    with django_assert_num_queries(1):  # the content versions, nothing else
        second = client.get(REGIONS)
    assert second.content == first.content
    assert rendered == []
    assert "public" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_an_html_page_is_stored_once_for_gzip_and_other_clients(client, rendered):
    plain = client.get(REGIONS)
    rendered.clear()
    gzip_client = client.get(REGIONS, headers={"Accept-Encoding": "gzip, br"})
    assert rendered == []  # the copy stored for the first reader served the second
    assert gzip_client["ETag"] == plain["ETag"]


def test_any_write_to_the_app_invalidates_its_cached_pages(client):
    client.get(REGIONS)
    Region.objects.create(name="Antarctica", slug="antarctica")
    assert b"Antarctica" in client.get(REGIONS).content
    # Bulk updates bypass signals; the database trigger still sees them.
    Region.objects.filter(slug="antarctica").update(name="Antarctica and the Middle East")
    assert b"Antarctica and the Middle East" in client.get(REGIONS).content


def test_matching_etag_gets_304_without_rendering(client, django_assert_num_queries, rendered):
    etag = client.get(REGIONS)["ETag"]
    rendered.clear()
    with django_assert_num_queries(1):
        response = client.get(REGIONS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert rendered == []
    Region.objects.filter(slug="europe").update(description="Changed")
    assert client.get(REGIONS, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_signed_in_readers_get_a_fresh_private_page(client, member):
    Client().get(REGIONS)  # warm the anonymous cache
    client.force_login(member)
    response = client.get(REGIONS)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert b"Log out" in response.content  # not the anonymous copy


def test_pages_with_a_session_cookie_are_not_served_from_the_cache(
    client, django_assert_max_num_queries
):
    client.get(REGIONS)
    client.cookies["sessionid"] = "not-a-session"
    with django_assert_max_num_queries(10) as captured:
        client.get(REGIONS)
    assert any("representatives_region" in q["sql"] for q in captured.captured_queries)


def test_an_anonymous_readers_flash_message_is_shown_on_a_private_page(client):
    """The message is that reader's: no browser or shared cache may keep the page."""
    client.get(REGIONS)  # the public copy, stored
    request = RequestFactory().get(REGIONS)
    request._messages = storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "Thanks, your event is waiting for review.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response = client.get(REGIONS)
    assert b"Thanks, your event is waiting for review." in response.content
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "max-age" not in response["Cache-Control"]
    # Once shown, the message is gone and the reader is back on the public page.
    assert "public" in client.get(REGIONS)["Cache-Control"]


def test_an_anonymous_reader_with_a_session_gets_a_private_page(client):
    client.cookies["sessionid"] = "not-a-session"
    assert "private" in client.get(REGIONS)["Cache-Control"]


def test_healthz_is_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]


def test_page_cache_can_be_switched_off(client, settings, rendered):
    settings.PAGE_CACHE_ENABLED = False
    client.get(REGIONS)
    rendered.clear()
    response = client.get(REGIONS)
    assert rendered  # rendered again
    assert "public" in response["Cache-Control"]


def test_processes_may_reuse_content_versions_for_a_moment(
    client, settings, django_assert_num_queries
):
    from community import content_versions

    settings.CONTENT_VERSION_TTL = 60
    content_versions._recent.clear()
    try:
        client.get(REGIONS)
        with django_assert_num_queries(0):  # versions remembered, page from the cache
            assert client.get(REGIONS).status_code == 200
        Region.objects.create(name="Antarctica", slug="antarctica")
        assert b"Antarctica" not in client.get(REGIONS).content  # within the TTL
        content_versions._recent.clear()  # the TTL has run out
        assert b"Antarctica" in client.get(REGIONS).content
    finally:
        content_versions._recent.clear()


def test_validators_and_304_work_with_the_page_cache_off(
    client, settings, django_assert_num_queries, rendered
):
    settings.PAGE_CACHE_ENABLED = False
    first = client.get(REGIONS)
    assert first["ETag"]
    assert first["Last-Modified"]
    rendered.clear()
    with django_assert_num_queries(1):  # the content versions, nothing over the rows
        response = client.get(REGIONS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert rendered == []


@pytest.fixture
def near_and_shared(settings):
    """The Redis layout: a per-process "near" cache in front of the shared one (two
    local-memory caches standing in, so the test can empty each on its own)."""
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": locmem, "LOCATION": "shared-stand-in"},
        "shared": {"BACKEND": locmem, "LOCATION": "shared-stand-in"},
        "near": {"BACKEND": locmem, "LOCATION": "near-stand-in"},
    }
    settings.PAGE_CACHE_TIERS = ["near", "default"]
    yield caches["near"], caches["default"]
    caches["near"].clear()
    caches["default"].clear()


def test_with_a_shared_cache_pages_are_served_from_process_memory_first(
    client, near_and_shared, rendered
):
    _near, shared = near_and_shared
    first = client.get(REGIONS)
    shared.clear()  # another process's copy is not needed: this process kept one
    rendered.clear()
    assert client.get(REGIONS).content == first.content
    assert rendered == []


def test_a_page_in_the_shared_cache_is_copied_to_process_memory(client, near_and_shared, rendered):
    near, shared = near_and_shared
    first = client.get(REGIONS)
    near.clear()  # as in a process that has not served the page yet
    rendered.clear()
    assert client.get(REGIONS).content == first.content  # from the shared cache
    shared.clear()
    assert client.get(REGIONS).content == first.content  # now from its own memory
    assert rendered == []


def test_a_write_reaches_pages_kept_in_process_memory(client, near_and_shared):
    client.get(REGIONS)
    Region.objects.create(name="Antarctica", slug="antarctica")
    assert b"Antarctica" in client.get(REGIONS).content


def test_if_modified_since_answers_by_the_last_change(client):
    last_modified = client.get(REGIONS)["Last-Modified"]
    assert client.get(REGIONS, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 3600)
    assert client.get(REGIONS, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_writes_stamp_the_change_time_of_their_app():
    from community.content_versions import content_state

    before = content_state(["representatives"])
    Region.objects.create(name="Antarctica", slug="antarctica")
    after = content_state(["representatives"])
    assert after.versions[0] == before.versions[0] + 1
    assert after.changed_at is not None
    assert before.changed_at is None or after.changed_at >= before.changed_at


# --- the decorator on a view of its own: what it stores and whom it serves ----------------


def probe_view(make_response):
    """A view under cached_public_page that counts how often it really runs."""
    calls = []

    @cached_public_page("representatives")
    def view(request):
        calls.append(request.path)
        return make_response()

    return view, calls


def anonymous_get(**headers):
    request = RequestFactory().get("/probe/", headers=headers)
    request.user = AnonymousUser()
    return request


def test_a_plain_page_is_stored_once_for_gzip_and_other_readers(settings):
    settings.PAGE_CACHE_ENABLED = True
    view, calls = probe_view(lambda: HttpResponse("page"))
    assert view(anonymous_get()).content == b"page"
    assert view(anonymous_get(**{"Accept-Encoding": "gzip"})).content == b"page"
    assert len(calls) == 1


def with_cookie():
    response = HttpResponse("page")
    response.set_cookie("csrftoken", "x")
    return response


def with_own_cache_control():
    response = HttpResponse("page")
    response["Cache-Control"] = "no-store"
    return response


@pytest.mark.parametrize(
    "make_response",
    [
        lambda: HttpResponseNotFound("gone"),
        lambda: StreamingHttpResponse(iter([b"page"])),
        with_cookie,
        with_own_cache_control,
    ],
    ids=["404", "streaming", "sets a cookie", "own cache-control"],
)
def test_only_plain_200_pages_without_cookies_or_cache_control_are_stored(settings, make_response):
    settings.PAGE_CACHE_ENABLED = True
    view, calls = probe_view(make_response)
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 2


def test_a_signed_in_reader_gets_the_view_itself_privately(settings, member):
    settings.PAGE_CACHE_ENABLED = True
    view, calls = probe_view(lambda: HttpResponse("mine"))
    request = RequestFactory().get("/probe/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "signed-in"
    request.user = member
    for _ in range(2):
        response = view(request)
        assert response.content == b"mine"
        assert "private" in response["Cache-Control"]
    assert len(calls) == 2


def test_a_stored_page_keeps_the_flags_its_view_set_for_the_middleware(settings):
    # The widget may be framed: a copy served from the cache must say so too.
    def framable():
        response = HttpResponse("widget")
        response.xframe_options_exempt = True
        response._csp_update = {"frame-ancestors": ["*"]}
        return response

    settings.PAGE_CACHE_ENABLED = True
    view, calls = probe_view(framable)
    view(anonymous_get())
    stored = view(anonymous_get())
    assert len(calls) == 1
    assert stored.xframe_options_exempt is True
    assert stored._csp_update == {"frame-ancestors": ["*"]}
    assert not hasattr(stored, "_csp_exempt")


def test_a_stored_page_keeps_its_status_type_and_headers(settings):
    def calendar_feed():
        response = HttpResponse("BEGIN:VCALENDAR", content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="events.ics"'
        return response

    settings.PAGE_CACHE_ENABLED = True
    view, calls = probe_view(calendar_feed)
    view(anonymous_get())
    stored = view(anonymous_get())
    assert len(calls) == 1
    assert stored.status_code == 200
    assert stored["Content-Type"] == "text/calendar; charset=utf-8"
    assert stored["Content-Disposition"] == 'inline; filename="events.ics"'


def test_with_no_write_since_the_time_bucket_began_last_modified_is_the_buckets_start(
    settings, monkeypatch
):
    # A day later with no write: validators renew with the clock's bucket, so pages that
    # change by time passing (an event starting) are fetched again.
    import time

    from community import http

    settings.PAGE_CACHE_ENABLED = True
    view, _ = probe_view(lambda: HttpResponse("page"))
    later = time.time() + 86_400
    monkeypatch.setattr(http.time, "time", lambda: later)
    response = view(anonymous_get())
    bucket_start = int(later // http.PAGE_CACHE_TIMEOUT) * http.PAGE_CACHE_TIMEOUT
    assert response["Last-Modified"] == http_date(bucket_start)
