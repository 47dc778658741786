"""The issue's quality bar: the home page, the site search and the board's overview run
the same number of queries at 10 and at 10,000 rows of each app."""

from io import StringIO

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Material
from community.seeding import SeedContext
from events.models import Calendar
from events.seed import seed_scale as seed_events
from jobs.seed import seed_scale as seed_jobs
from kits.seed import seed_scale as seed_kits
from representatives.models import Region, UserGroup
from tests.factories import UserFactory
from tests.kits.factories import KitFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "home": (reverse("community:home"), {}),
    "search": (reverse("community:search"), {"q": "python conference"}),
    "search facet": (reverse("community:search"), {"q": "python", "type": "jobs"}),
    "search typo": (reverse("community:search"), {"q": "pythn confrence"}),
    "overview": (reverse("community:overview"), {}),
}


# Signed in as a board member (the session and the header's checks are in each count).
# Search: per type one query for the keys of its newest matches and, when it has any, one
# for its best rows; "did you mean" only when nothing matched. Overview: about one query
# a figure, two for the open booth places.
PINNED = {"home": 12, "search": 11, "search facet": 10, "search typo": 10, "overview": 14}


def seed(scale, poster, kits):
    ctx = SeedContext(scale=scale, stdout=StringIO())
    seed_events(ctx, list(Calendar.objects.all()), {r.slug: r for r in Region.objects.all()})
    seed_jobs(ctx, poster)
    seed_kits(ctx, kits, poster)
    start = UserGroup.objects.count()
    UserGroup.objects.bulk_create(
        UserGroup(name=f"Python user group {start + i}", slug=f"pug-{start + i}", city="Lyon")
        for i in range(scale)
    )
    Material.objects.bulk_create(
        Material(title=f"Python conference flyer {start + i}", kind="flyer",
                 released_on="2026-01-01", file=f"materials/{i}.pdf", file_format="PDF")
        for i in range(scale)
    )  # fmt: skip


def query_counts(client):
    counts = {}
    for name, (url, params) in PAGES.items():
        caches["near"].clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        counts[name] = len(ctx)
    return counts


def test_home_search_and_overview_queries_at_10_and_10000_rows(client, board_member, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.force_login(board_member)
    poster = UserFactory(username="scale-poster")
    kits = [KitFactory(), KitFactory()]
    seed(10, poster, kits)
    small = query_counts(client)
    assert small == PINNED
    seed(10_000, poster, kits)
    assert UserGroup.objects.count() > 10_000
    assert query_counts(client) == small
