"""The home page's live blocks: kits at conferences, the call to help, and fragments that
follow their apps' content versions for signed-in readers."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.volunteering import WAYS_TO_HELP
from kits.models import BookingStatus
from tests.jobs.factories import ApprovedJobPostFactory
from tests.kits.factories import BookingFactory

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("community:home")).content.decode()


def test_kits_at_or_on_their_way_to_conferences_show_kit_and_conference_only(client):
    BookingFactory(conference_name="PyCon Shipped", status=BookingStatus.SHIPPED)
    BookingFactory(conference_name="PyCon Standing", status=BookingStatus.AT_EVENT)
    BookingFactory(conference_name="PyCon Requested", status=BookingStatus.REQUESTED)
    BookingFactory(conference_name="PyCon Approved", status=BookingStatus.APPROVED)
    page = home(client)
    assert "PSF kits at conferences" in page
    assert "is on its way to\n      <strong>PyCon Shipped" in page
    assert "is at\n      <strong>PyCon Standing" in page
    assert "PyCon Requested" not in page
    assert "PyCon Approved" not in page
    for private in ("Front St W", "Carla Contact", "booking-private@example.invalid"):
        assert private not in page


def test_no_kit_block_when_no_kit_is_out(client):
    BookingFactory(status=BookingStatus.REQUESTED)
    assert "PSF kits at conferences" not in home(client)


def test_call_to_help_links_a_page_per_role_that_says_how_to_start(client):
    page = home(client)
    assert len(WAYS_TO_HELP) == 5
    for way in WAYS_TO_HELP:
        url = reverse("community:way-to-help", args=[way.slug])
        assert f'href="{url}"' in page
        detail = client.get(url).content.decode()
        assert f"<h1>{way.title}</h1>" in detail
        assert "What you do" in detail
        assert "How to start" in detail
        assert way.how_to_start[0] in detail


def test_unknown_way_to_help_is_a_404(client):
    assert client.get(reverse("community:way-to-help", args=["juggle"])).status_code == 404


def test_signed_in_reader_sees_a_new_job_at_once_and_cached_blocks_cost_no_queries(client, member):
    client.force_login(member)
    ApprovedJobPostFactory(title="First cached engineer")
    with CaptureQueriesContext(connection) as first:
        assert "First cached engineer" in home(client)
    with CaptureQueriesContext(connection) as second:
        home(client)
    # Blocks come from the fragment cache: only the session, user and versions are read.
    assert len(second) < len(first)
    ApprovedJobPostFactory(title="Second fresh engineer")
    assert "Second fresh engineer" in home(client)


def test_home_query_count_does_not_grow_with_rows(client, settings):
    settings.PAGE_CACHE_ENABLED = False

    def count():
        caches["near"].clear()  # every block rendered, none from the fragment cache
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("community:home")).status_code == 200
        return len(ctx)

    for _ in range(2):
        ApprovedJobPostFactory()
        BookingFactory(status=BookingStatus.SHIPPED)
    few = count()
    for _ in range(8):
        ApprovedJobPostFactory()
        BookingFactory(status=BookingStatus.AT_EVENT)
    assert count() == few
