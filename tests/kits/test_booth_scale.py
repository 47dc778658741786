"""The booth list, a booth's coverage grid and "my shifts" cost the same number of queries
at 10 and at 10,000 shifts."""

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kits import services
from kits.models import Booth, Shift, ShiftSignup
from tests.kits.factories import BoothFactory, ShiftFactory, at

pytestmark = pytest.mark.django_db

BOOTHS = 50


def add_shifts(booths, volunteer, total):
    """Up to ``total`` shifts in all, spread over ``booths``; ``volunteer`` holds one a booth-hour
    apart, so they never overlap."""
    existing = Shift.objects.count()
    shifts = []
    for i in range(existing, total):
        booth = booths[i % len(booths)]
        # Arithmetic in UTC: wall-clock hours skip one on a DST day (a booth here meets one).
        start = at(booth, 0, 0).astimezone(UTC) + timedelta(
            hours=i // len(booths) % 60, minutes=i % 7
        )
        shifts.append(
            Shift(booth=booth, starts_at=start, ends_at=start + timedelta(hours=1), capacity_max=3)
        )
    made = Shift.objects.bulk_create(shifts)
    ShiftSignup.objects.bulk_create(
        ShiftSignup(shift=s, volunteer=volunteer, period=s.period) for s in made[:: 7 * len(booths)]
    )


@pytest.fixture
def booths(db):
    first = BoothFactory()
    ShiftFactory(booth=first)
    rest = [
        BoothFactory(conference_starts=first.conference_starts + timedelta(days=10 * i))
        for i in range(1, BOOTHS)
    ]
    return [first, *rest]


PAGES = {
    "booth list": (
        lambda booth: reverse("kits:booth-list"),
        False,
        3,
    ),  # the content versions, then the booths
    "booth page": (lambda booth: booth.get_absolute_url(), True, 7),
    "booth manage": (lambda booth: reverse("kits:booth-manage", args=[booth.pk]), "lead", 9),
    "my shifts": (lambda booth: reverse("kits:my-shifts"), True, 5),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_the_same_at_10_and_10000_shifts(client, booths, member, page):
    url_for, login, pinned = PAGES[page]
    booth = booths[0]
    if login == "lead":
        client.force_login(booth.lead)
    elif login:
        client.force_login(member)
        # The calendar address is made on the first visit; the count is of later visits.
        services.shift_feed_token_for(member)
    counts = []
    for total in (10, 10_000):
        add_shifts(booths, member, total)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url_for(booth))
            assert response.status_code == 200
        counts.append(len(queries))
    assert Shift.objects.count() == 10_000
    assert Booth.objects.count() == BOOTHS
    assert counts == [pinned, pinned]
    assert ShiftSignup.objects.filter(volunteer=member).count() > 10
