"""An activity report's page shows the kit requests and the grants made for it, read only,
to whoever may open the report: its region's representatives and the board."""

import pytest
from django.urls import reverse

from community import roles
from representatives.models import ActivityReport, Region
from tests.budget.factories import ConferenceSupportFactory
from tests.factories import UserFactory
from tests.kits.factories import BookingFactory
from tests.representatives.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(representative):
    term = RepresentativeFactory(user=representative)  # Europe
    return ActivityReport.objects.create(
        representative=term, year=2026, quarter=1, summary="PyCon DE needs a kit and a grant."
    )


def change_url(report):
    return reverse("admin:representatives_activityreport_change", args=[report.pk])


def test_the_report_shows_what_was_asked_for_in_it(client, board_member, report):
    BookingFactory(conference_name="PyCon DE", activity_report=report)
    BookingFactory(conference_name="Unrelated Conf")
    ConferenceSupportFactory(
        conference="PyCon DE travel", kind="grant", amount_usd="2500", activity_report=report
    )
    ConferenceSupportFactory(conference="Other grant")
    client.force_login(board_member)
    page = client.get(change_url(report)).text
    assert "kit requests made for this report" in page.lower()
    assert "PyCon DE" in page
    assert "Unrelated Conf" not in page
    assert "PyCon DE travel" in page
    assert "2500" in page
    assert "Other grant" not in page


def test_the_reports_representative_reads_them_and_nobody_edits_them(
    client, representative, report
):
    booking = BookingFactory(conference_name="PyCon DE", activity_report=report)
    client.force_login(representative)
    page = client.get(change_url(report)).text
    assert "PyCon DE" in page
    # Read only: the row is shown, none of its fields is an input.
    assert f'name="kit_bookings-0-id" value="{booking.pk}"' in page
    assert 'name="kit_bookings-0-conference_name"' not in page
    assert 'name="kit_bookings-0-status"' not in page
    # Saving the report, as a client that sends only its own fields, keeps the rows.
    data = {"year": 2026, "quarter": 1, "summary": "Edited", "needs_detail": "",
            "events_attended": "", "kit_bookings-0-conference_name": "Changed"}  # fmt: skip
    assert client.post(change_url(report), data).status_code == 302
    booking.refresh_from_db()
    assert booking.conference_name == "PyCon DE"
    assert booking.activity_report == report


def test_another_regions_representative_cannot_open_the_report(client, report):
    asia = RepresentativeFactory(
        user=UserFactory(role=roles.REGIONAL_REPRESENTATIVES),
        region=Region.objects.get(slug="asia"),
    )
    BookingFactory(conference_name="PyCon DE", activity_report=report)
    client.force_login(asia.user)
    assert client.get(change_url(report)).status_code == 404


def test_deleting_a_report_keeps_the_request_and_the_grant(report):
    booking = BookingFactory(activity_report=report)
    support = ConferenceSupportFactory(activity_report=report)
    report.delete()
    booking.refresh_from_db()
    support.refresh_from_db()
    assert booking.activity_report is None
    assert support.activity_report is None
