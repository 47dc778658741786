"""The directory, a region page and the representatives list cost the same at 10 and 10,000
groups."""

import pytest
from django.urls import reverse

from representatives.models import UserGroup
from tests.representatives.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db

COUNTRIES = ["DE", "FR", "PT", "ES", "IT", "PL"]


def add_groups(total):
    start = UserGroup.objects.count()
    UserGroup.objects.bulk_create(
        [
            UserGroup(
                name=f"Group {n}",
                slug=f"scale-{n}",
                city="Town",
                country=COUNTRIES[n % len(COUNTRIES)],
                languages=["de", "en"] if n % 2 else ["en"],
            )
            for n in range(start, total)
        ],
        batch_size=2000,
    )


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        (reverse("representatives:group-list"), 5),
        (reverse("representatives:group-list") + "?q=towns&language=de&status=active", 5),
        (reverse("representatives:group-detail", kwargs={"slug": "scale-3"}), 2),
        (reverse("representatives:region-list"), 3),
        (reverse("representatives:region-detail", kwargs={"slug": "europe"}), 8),
    ],
)
def test_the_same_queries_at_10_and_10000_groups(client, django_assert_num_queries, page, queries):
    RepresentativeFactory()
    for total in (10, 10_000):
        add_groups(total)
        with django_assert_num_queries(queries):
            assert client.get(page).status_code == 200
