"""The representatives' models refuse what cannot be: a country in two regions, a term
that ends before it starts, a report on a quarter not begun; and public pages list
representatives in a fixed order."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from representatives.models import ActivityReport, Region, RegionCountry, Representative
from tests.representatives.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


def europe():
    return Region.objects.get(slug="europe")


def test_a_country_of_another_region_is_refused_naming_that_region():
    with pytest.raises(ValidationError) as refused:
        RegionCountry(region=Region.objects.get(slug="asia"), country="FR").clean()
    assert refused.value.message_dict == {
        "country": ["France is already in the Europe region; a country belongs to one region only."]
    }


def test_a_country_listed_twice_in_its_region_is_refused_as_such():
    with pytest.raises(ValidationError) as refused:
        RegionCountry(region=europe(), country="FR").clean()
    assert refused.value.message_dict == {"country": ["France is listed twice in this region."]}


def test_a_country_row_is_not_its_own_duplicate_and_a_free_country_passes():
    RegionCountry.objects.get(country="FR").clean()
    RegionCountry(region=europe(), country="AQ").clean()
    RegionCountry(region=europe(), country="").clean()


def test_a_term_may_end_the_day_it_starts_but_not_before():
    Representative(term_start=date(2026, 5, 1), term_end=date(2026, 5, 1)).clean()
    Representative(term_start=date(2026, 5, 1)).clean()
    with pytest.raises(ValidationError) as refused:
        Representative(term_start=date(2026, 5, 1), term_end=date(2026, 4, 30)).clean()
    assert refused.value.message_dict == {
        "term_end": ["The term ends (30 Apr 2026) before it starts (01 May 2026)."]
    }


@pytest.mark.parametrize(
    ("today", "year", "quarter", "allowed"),
    [
        (date(2026, 3, 31), 2026, 1, True),
        (date(2026, 3, 31), 2026, 2, False),
        (date(2026, 4, 1), 2026, 2, True),
        (date(2026, 4, 1), 2026, 3, False),
        (date(2026, 12, 31), 2026, 4, True),
        (date(2026, 12, 31), 2027, 1, False),
        (date(2026, 7, 15), 2025, 4, True),
    ],
)
def test_a_report_is_on_a_quarter_that_has_begun(monkeypatch, today, year, quarter, allowed):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    report = ActivityReport(year=year, quarter=quarter)
    if allowed:
        report.clean()
    else:
        with pytest.raises(ValidationError) as refused:
            report.clean()
        assert refused.value.messages == [
            "A report is about a quarter that has begun, not a future one."
        ]


def test_representatives_are_listed_by_region_then_status_then_start():
    asia = Region.objects.get(slug="asia")
    first_region = min([europe(), asia], key=lambda region: region.position)
    other_region = asia if first_region == europe() else europe()
    late = RepresentativeFactory(region=first_region, term_start=date(2025, 6, 1))
    early = RepresentativeFactory(region=first_region, term_start=date(2024, 6, 1))
    same_day = RepresentativeFactory(region=first_region, term_start=date(2024, 6, 1))
    former = RepresentativeFactory(
        region=first_region, term_start=date(2020, 1, 1), status=Representative.Status.EMERITUS
    )
    elsewhere = RepresentativeFactory(region=other_region, term_start=date(2019, 1, 1))
    assert list(Representative.objects.listed()) == [early, same_day, late, former, elsewhere]
