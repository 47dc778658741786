"""The board's overview (board members, treasurers, staff) and the volunteers' inbox."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import roles
from community.adapters import AccountAdapter
from kits.models import BookingStatus
from representatives.models import Region
from tests.budget.factories import BudgetLineFactory, ExpenseFactory
from tests.events.factories import SubmittedEventFactory
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory
from tests.kits.factories import BookingFactory, ShiftFactory, in_days
from tests.representatives.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


def overview(client, user):
    client.force_login(user)
    return client.get(reverse("community:overview"))


@pytest.mark.parametrize("role", [roles.BOARD_MEMBERS, roles.TREASURERS])
def test_board_and_treasurers_read_the_overview(client, role):
    assert overview(client, UserFactory(role=role)).status_code == 200


@pytest.mark.parametrize("who", ["member", "representative"])
def test_others_get_the_styled_403(client, request, who):
    response = overview(client, request.getfixturevalue(who))
    assert response.status_code == 403
    assert "This page is not open to you" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("community:overview"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_figures_and_their_links(client, board_member):
    now = timezone.now()
    PendingJobPostFactory(submitted_at=now - timedelta(days=3))
    PendingJobPostFactory()
    ApprovedJobPostFactory(first_submitted_at=now - timedelta(hours=10), first_reviewed_at=now)
    ApprovedJobPostFactory(first_submitted_at=now - timedelta(hours=4), first_reviewed_at=now)
    ApprovedJobPostFactory(first_submitted_at=now - timedelta(hours=2), first_reviewed_at=now)
    SubmittedEventFactory()
    BookingFactory(status=BookingStatus.SHIPPED)
    BookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=in_days(-20),
        conference_ends=in_days(-18),
    )
    page = overview(client, board_member).content.decode()
    assert "Job posts waiting for review" in page
    assert f'href="{reverse("admin:jobs_jobpost_changelist")}?queue=review">2</a>' in page
    assert ">3.0 days</a>" in page  # the oldest pending post
    assert ">4.0 hours</a>" in page  # the median of 10, 4 and 2 hours
    assert f'{reverse("admin:events_event_changelist")}?status=submitted">1</a>' in page
    assert f'href="{reverse("kits:index")}">2</a>' in page
    assert "Overdue returns" in page


def test_budget_representatives_and_booths_figures(client, board_member):
    at_risk = BudgetLineFactory(approved_usd=1000)
    ExpenseFactory(line=at_risk, amount=850, usd_amount=850)  # 85 %: at risk
    ExpenseFactory(line=BudgetLineFactory(approved_usd=1000), amount=100, usd_amount=100)
    RepresentativeFactory(region=Region.objects.get(slug="europe"))
    ShiftFactory(capacity_max=3)
    page = overview(client, board_member).content.decode()
    assert f'href="{reverse("budget:report")}">1</a>' in page
    without = Region.objects.count() - 1  # Europe has its representative
    assert f'href="{reverse("representatives:region-list")}">{without}</a>' in page
    assert f'href="{reverse("kits:booth-list")}">3</a>' in page


def test_overview_query_count_does_not_grow(client, board_member):
    client.force_login(board_member)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("community:overview"))
        return len(ctx)

    PendingJobPostFactory()
    BudgetLineFactory()  # a current fiscal year: without one the budget figure reads less
    few = count()
    for _ in range(10):
        PendingJobPostFactory()
        SubmittedEventFactory()
        BookingFactory(status=BookingStatus.SHIPPED)
        ExpenseFactory(line=BudgetLineFactory(approved_usd=100), amount=90, usd_amount=90)
        ShiftFactory()
    assert count() == few


def login_redirect(rf, user):
    request = rf.get("/")
    request.user = user
    return AccountAdapter(request).get_login_redirect_url(request)


def test_volunteer_lands_on_the_inbox_with_counts(client, rf, job_reviewer):
    PendingJobPostFactory()
    PendingJobPostFactory()
    assert login_redirect(rf, job_reviewer) == reverse("community:inbox")
    client.force_login(job_reviewer)
    page = client.get(reverse("community:inbox")).content.decode()
    assert "Job posts to review" in page
    assert '<span class="badge text-bg-warning rounded-pill">2</span>' in page


def test_board_member_lands_on_the_inbox_with_the_overview(client, rf, board_member):
    assert login_redirect(rf, board_member) == reverse("community:inbox")
    client.force_login(board_member)
    page = client.get(reverse("community:inbox")).content.decode()
    assert reverse("community:overview") in page


def test_kit_manager_inbox_counts_requests_for_their_kits(client, kit_manager):
    from kits.models import RegionKitManager

    booking = BookingFactory()
    RegionKitManager.objects.create(user=kit_manager, region=booking.kit.region)
    client.force_login(kit_manager)
    page = client.get(reverse("community:inbox")).content.decode()
    assert "Kit requests to answer" in page


def test_member_without_role_lands_on_profile(rf, member):
    assert login_redirect(rf, member) == reverse("community:profile")


def test_home_page_names_each_regions_representatives(client):
    representative = RepresentativeFactory(region=Region.objects.get(slug="europe"))
    page = client.get(reverse("community:home")).content.decode()
    assert representative.display_name in page
