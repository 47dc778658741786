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
