import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from community.http import public_page

pytestmark = pytest.mark.django_db


@public_page(max_age=120)
def page(request):
    return HttpResponse("hello")


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_anonymous_pages_are_publicly_cacheable():
    from django.contrib.auth.models import AnonymousUser

    response = page(request_as(AnonymousUser()))
    assert "public" in response["Cache-Control"]
    assert "max-age=120" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_shared_caches_keep_anonymous_pages_only_seconds(settings):
    # The proxy (deploy/nginx/portal.conf) and CDNs read s-maxage, browsers max-age: a
    # published event must show through a shared cache within seconds.
    from django.contrib.auth.models import AnonymousUser

    settings.SHARED_CACHE_MAX_AGE = 7
    response = page(request_as(AnonymousUser()))
    assert "s-maxage=7" in response["Cache-Control"]
    assert "max-age=120" in response["Cache-Control"]


def test_signed_in_pages_are_private(member):
    response = page(request_as(member))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_signed_in_readers_page_is_private_and_revalidated(member):
    """Exactly these two directives: a valued "private=…" names header fields and lets a
    shared cache keep the rest, and without "no-cache" a browser may show the page again
    after its reader signed out."""
    assert directives(page(request_as(member))) == {"private", "no-cache"}


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_an_anonymous_reader_with_a_session_or_a_message_gets_a_private_page(settings, cookie):
    from django.contrib.auth.models import AnonymousUser

    name = settings.SESSION_COOKIE_NAME if cookie == "sessionid" else cookie
    request = request_as(AnonymousUser())
    request.COOKIES[name] = "x"
    response = page(request)
    assert directives(response) == {"private", "no-cache"}
    assert response["Vary"] == "Cookie"


@pytest.mark.parametrize(
    ("status", "shared"),
    [(200, True), (301, True), (304, True), (404, True), (410, True), (302, False)],
)
def test_permanent_answers_are_shared_temporary_redirects_are_not(status, shared):
    """A 302 points somewhere for now (a sign-in, a chosen month): no cache may keep it."""
    from django.contrib.auth.models import AnonymousUser

    @public_page(max_age=120)
    def answer(request):
        return HttpResponse(status=status)

    response = answer(request_as(AnonymousUser()))
    assert response["Vary"] == "Cookie"  # whether stored or not: what decides it
    assert response.has_header("Cache-Control") is shared
    if shared:
        assert "public" in directives(response)
