"""Coverage at a glance: the grid says filled/needed in words, the list gives coverage and
open places, the public list calls for help."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bench.urls import PAGES
from kits.models import Booth
from tests.kits.factories import BoothFactory, ShiftFactory, ShiftSignupFactory, at

pytestmark = pytest.mark.django_db


def test_grid_shows_days_slots_and_words_not_only_colour(client):
    booth = BoothFactory()
    morning = ShiftFactory(booth=booth, capacity_min=2, capacity_max=3)
    ShiftFactory(
        booth=booth,
        starts_at=at(booth, 1, 13),
        ends_at=at(booth, 1, 16),
        capacity_min=1,
        capacity_max=1,
    )
    ShiftSignupFactory(shift=morning)
    page = client.get(booth.get_absolute_url()).content.decode()
    assert "09:00\u201312:00" in page
    assert "13:00\u201316:00" in page
    assert booth.conference_starts.strftime("%-d %b") in page
    assert "<strong>1/2</strong> needs people" in page
    assert "<strong>0/1</strong> needs people" in page
    assert "no shift" in page


def test_coverage_and_open_places_in_the_list(client):
    booth = BoothFactory(conference_name="PyCon Coverage")
    full = ShiftFactory(booth=booth, capacity_min=1, capacity_max=2)
    ShiftSignupFactory(shift=full)
    ShiftSignupFactory(shift=full)
    ShiftFactory(
        booth=booth,
        starts_at=full.ends_at,
        ends_at=full.ends_at + timedelta(hours=3),
        capacity_min=1,
        capacity_max=3,
    )
    found = Booth.objects.with_coverage().get(pk=booth.pk)
    assert (found.places_needed, found.places_covered, found.places_open) == (2, 1, 3)
    assert found.coverage_percent == 50
    page = client.get(reverse("kits:booth-list")).content.decode()
    assert "PyCon Coverage" in page
    assert "50 %" in page
    assert "help staff it" in page


def test_past_and_cancelled_booths_are_not_listed(client):
    BoothFactory(conference_name="Cancelled Con", status="cancelled")
    past = BoothFactory(conference_name="Past Con")
    past.conference_starts = past.conference_ends = past.conference_starts - timedelta(days=200)
    past.save()
    page = client.get(reverse("kits:booth-list")).content.decode()
    assert "Cancelled Con" not in page
    assert "Past Con" not in page


def test_booth_pages_are_benchmarked(client):
    booth = BoothFactory()
    pages = {page.label: page for page in PAGES}
    assert pages["booths"].resolve() == "/kits/booths/"
    assert pages["booth detail"].resolve() == booth.get_absolute_url()
    assert pages["my shifts"].resolve() == reverse("kits:my-shifts")


def test_booth_list_links_the_booths_i_run(client):
    booth = BoothFactory(conference_name="PyCon Mine")
    client.force_login(booth.lead)
    page = client.get(reverse("kits:booth-list")).content.decode()
    assert "Booths you run" in page
    assert reverse("kits:booth-manage", args=[booth.pk]) in page


def test_a_booth_without_shifts_needs_and_offers_nothing_yet(client):
    booth = BoothFactory(conference_name="PyCon Unplanned")
    found = Booth.objects.with_coverage().get(pk=booth.pk)
    assert (found.places_needed, found.places_covered, found.places_open) == (0, 0, 0)
    assert found.coverage_percent is None
    page = client.get(reverse("kits:booth-list")).content.decode()
    assert "no shifts yet" in page


def test_a_shift_lowered_below_its_signups_counts_as_full_not_as_minus_places():
    booth = BoothFactory()
    crowded = ShiftFactory(booth=booth, capacity_min=1, capacity_max=3)
    for _ in range(3):
        ShiftSignupFactory(shift=crowded)
    crowded.capacity_max = 1
    crowded.save()
    ShiftFactory(
        booth=booth,
        starts_at=crowded.ends_at,
        ends_at=crowded.ends_at + timedelta(hours=3),
        capacity_min=1,
        capacity_max=2,
    )
    found = Booth.objects.with_coverage().get(pk=booth.pk)
    assert (found.places_needed, found.places_covered, found.places_open) == (2, 1, 2)
