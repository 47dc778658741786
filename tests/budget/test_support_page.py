"""The board's view of a sponsorship or grant: the booth it paid for, that booth's report,
its costs (the support + kit shipping + consumables) and cost per visitor; a list of every
support with the same figures in a constant number of queries. Board members and treasurers
read them; kit managers, booth leads and members do not."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import ConferenceSupport
from kits import services
from tests.budget.factories import ConferenceSupportFactory
from tests.kits.factories import (
    BookingFactory,
    BoothFactory,
    KitFactory,
    ShipmentFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def reported_booth(visitors=250, consumables="150", **booth_fields):
    """A past booth whose kit shipped for 300 + 50 customs, with its report filed."""
    kit = KitFactory()
    booking = BookingFactory(kit=kit)
    booth = BoothFactory(
        booking=booking, conference_starts=in_days(-5), conference_ends=in_days(-3), **booth_fields
    )
    ShipmentFactory(kit=kit, booking=booking, cost=Decimal("300"), customs_fees_usd=Decimal("50"))
    services.booth_report_file(
        booth=booth,
        by=booth.lead,
        visitors=visitors,
        membership_signups=12,
        conversations="A teacher wants a PSF talk at her school.",
        consumables_cost_usd=Decimal(consumables),
    )
    return booth


@pytest.fixture
def support():
    return ConferenceSupportFactory(
        conference="PyCon US",
        amount_usd=Decimal("1000"),
        got_booth=True,
        booth=reported_booth(conference_name="PyCon US"),
    )


def test_board_member_reads_the_booths_report_costs_and_cost_per_visitor(
    client, board_member, support
):
    client.force_login(board_member)
    page = client.get(reverse("budget:support-detail", args=[support.pk])).content.decode()
    assert "PSF booth at PyCon US" in page
    assert '<dd class="col-sm-8">250</dd>' in page  # visitors
    assert '<dd class="col-sm-8">12</dd>' in page  # membership sign-ups
    assert "A teacher wants a PSF talk at her school." in page
    assert "1000.00 USD" in page  # the sponsorship
    assert "350.00 USD" in page  # shipping with customs
    assert "150.00 USD" in page  # consumables
    assert "1500.00 USD" in page  # total
    # (1000 + 300 + 50 + 150) / 250
    assert "<strong>6.00 USD</strong>" in page


def test_the_booth_costs_start_from_what_the_support_paid(client, board_member, support):
    client.force_login(board_member)
    page = client.get(reverse("budget:support-detail", args=[support.pk])).content.decode()
    costs = page[
        page.index('id="booth-costs"') : page.index("</dl>", page.index('id="booth-costs"'))
    ]
    assert '<dt class="col-sm-4">Sponsorship</dt><dd class="col-sm-8">1000.00 USD</dd>' in costs


def test_treasurer_reads_it_too(client, treasurer, support):
    client.force_login(treasurer)
    assert client.get(reverse("budget:support-detail", args=[support.pk])).status_code == 200
    assert client.get(reverse("budget:support-list")).status_code == 200


@pytest.mark.parametrize("who", ["kit_manager", "member", "lead"])
def test_others_are_refused(client, support, kit_manager, member, who):
    user = {"kit_manager": kit_manager, "member": member, "lead": support.booth.lead}[who]
    client.force_login(user)
    assert client.get(reverse("budget:support-detail", args=[support.pk])).status_code == 403
    assert client.get(reverse("budget:support-list")).status_code == 403


def test_a_booth_deleted_meanwhile_has_no_costs(support):
    from kits.models import Booth

    loaded = ConferenceSupport.objects.get(pk=support.pk)
    Booth.objects.filter(pk=support.booth_id).delete()
    assert loaded.booth_costs() is None


def test_a_grant_without_a_booth_says_so(client, board_member):
    grant = ConferenceSupportFactory(kind="grant", level_or_purpose="Travel grants")
    client.force_login(board_member)
    page = client.get(reverse("budget:support-detail", args=[grant.pk])).content.decode()
    assert "No PSF booth is linked to this grant." in page


def test_before_the_report_the_cost_per_visitor_waits(client, board_member):
    booth = BoothFactory(conference_name="EuroPython")
    support = ConferenceSupportFactory(booth=booth, got_booth=True)
    client.force_login(board_member)
    page = client.get(reverse("budget:support-detail", args=[support.pk])).content.decode()
    assert "after the booth's report" in page
    assert "has not filed a report yet" in page


def test_a_booth_needs_the_got_booth_mark():
    booth = BoothFactory()
    with (
        pytest.raises(IntegrityError, match="budget_support_booth_means_got_booth"),
        transaction.atomic(),
    ):
        ConferenceSupportFactory(booth=booth, got_booth=False)


def test_one_support_per_booth():
    booth = BoothFactory()
    ConferenceSupportFactory(booth=booth, got_booth=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceSupportFactory(booth=booth, got_booth=True)


def test_list_shows_each_supports_cost_per_visitor_and_filters_by_kind(
    client, board_member, support
):
    ConferenceSupportFactory(kind="grant", conference="PyCon Africa", level_or_purpose="Travel")
    client.force_login(board_member)
    page = client.get(reverse("budget:support-list")).content.decode()
    assert "PyCon US" in page
    assert '<td class="text-end">6.00</td>' in page
    assert "no booth" in page  # the grant
    grants = client.get(reverse("budget:support-list"), {"kind": "grant"}).content.decode()
    assert "PyCon Africa" in grants
    assert "PyCon US" not in grants


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_and_detail_query_counts_do_not_grow_with_rows(
    client, board_member, support, django_assert_num_queries
):
    client.force_login(board_member)
    url = reverse("budget:support-list")
    client.get(url)  # warm the session
    # session, user, groups (reads_budget), count, the page of supports, their booths' costs,
    # and the user's and groups' permissions for the site header
    with django_assert_num_queries(8):
        client.get(url)
    for i in range(5):
        ConferenceSupportFactory(
            booth=reported_booth(visitors=100 + i), got_booth=True, year=2000 + i
        )
        ConferenceSupportFactory(kind="grant")
    assert ConferenceSupport.objects.count() == 11
    with django_assert_num_queries(8):
        client.get(url)
    # session, user, groups, the support with its booth, the costs row, the report, its uses,
    # the header's two permission queries
    with django_assert_num_queries(9):
        client.get(reverse("budget:support-detail", args=[support.pk]))
