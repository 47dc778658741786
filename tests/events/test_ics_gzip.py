"""The calendar feeds are sent gzip-compressed to clients that accept it, and only to them."""

import gzip
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse

from events import feeds
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def url():
    EventFactory(title="Compressed Conf")
    return reverse("events:calendar-ics", kwargs={"calendar": "python-events"})


@pytest.fixture(params=[True, False], ids=["page cache", "no page cache"])
def page_cache(request, settings):
    settings.PAGE_CACHE_ENABLED = request.param
    return request.param


def vary(response):
    return {value.strip().lower() for value in response["Vary"].split(",")}


def test_a_client_that_accepts_gzip_gets_the_feed_compressed(client, url, page_cache):
    plain = client.get(url)
    compressed = client.get(url, headers=GZIP)
    assert not plain.has_header("Content-Encoding")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert b"SUMMARY:Compressed Conf" in plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content)
    assert int(plain["Content-Length"]) == len(plain.content)
    assert compressed["Content-Type"] == plain["Content-Type"]


@pytest.mark.parametrize("header", ["deflate, br", "gzip;q=0", "identity"])
def test_a_client_that_does_not_accept_gzip_gets_it_plain(client, url, header, page_cache):
    client.get(url, headers=GZIP)  # a compressed copy is cached first
    response = client.get(url, headers={"Accept-Encoding": header})
    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_a_plain_copy_in_the_page_cache_is_not_sent_to_gzip_clients(client, url):
    client.get(url)
    response = client.get(url, headers=GZIP)
    assert response["Content-Encoding"] == "gzip"


def test_both_encodings_vary_on_accept_encoding(client, url, page_cache):
    for headers in ({}, GZIP):
        assert {"accept-encoding", "cookie"} <= vary(client.get(url, headers=headers))


def test_the_two_encodings_have_different_etags(client, url, page_cache):
    plain, compressed = client.get(url)["ETag"], client.get(url, headers=GZIP)["ETag"]
    assert plain != compressed
    assert plain.startswith('"')  # strong for the identity body


@pytest.mark.parametrize("headers", [{}, GZIP], ids=["plain", "gzip"])
def test_a_matching_etag_gets_304_with_either_encoding(client, url, headers, page_cache):
    etag = client.get(url, headers=headers)["ETag"]
    response = client.get(url, headers={**headers, "If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert "accept-encoding" in vary(response)


def test_the_feed_is_compressed_once_per_version_for_every_process(client, url):
    with mock.patch.object(feeds.gzip_ng, "compress", wraps=feeds.gzip_ng.compress) as compress:
        first = client.get(url, headers=GZIP).content
        caches["near"].clear()  # another worker: its own page cache is empty
        second = client.get(url, headers=GZIP).content
        caches["near"].clear()
        plain = client.get(url).content
    assert compress.call_count == 1
    assert first == second
    assert gzip.decompress(first) == plain


def test_a_client_without_gzip_does_not_wait_for_a_compression_it_never_reads(client, url):
    with mock.patch.object(feeds.gzip_ng, "compress", wraps=feeds.gzip_ng.compress) as compress:
        plain = client.get(url).content
        assert compress.call_count == 0
        caches["near"].clear()
        compressed = client.get(url, headers=GZIP).content  # the first gzip client fills it
        caches["near"].clear()
        again = client.get(url).content  # and a plain client reads that copy
    assert compress.call_count == 1
    assert gzip.decompress(compressed) == plain == again
