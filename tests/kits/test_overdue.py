"""Overdue deliveries and returns: flagged on the kit page and mailed once a day per region."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from kits.models import BookingStatus, OverdueDigest, Shipment
from tests.kits.factories import ApprovedBookingFactory, ShipmentFactory, in_days, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_return(db):
    starts = in_days(-30)
    return ApprovedBookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=starts,
        conference_ends=starts + timedelta(days=2),
        arrive_by=starts - timedelta(days=1),
        leave_on=starts + timedelta(days=3),
    )


def test_the_kit_page_flags_an_overdue_return(client, overdue_return):
    text = client.get(overdue_return.kit.get_absolute_url()).text
    assert "Return overdue" in text


def test_the_admin_booking_list_flags_it(client, na_manager, overdue_return):
    client.force_login(na_manager)
    response = client.get(reverse("admin:kits_booking_changelist"))
    assert 'alt="True"' in response.text


def test_the_digest_mails_each_regions_managers_once_a_day(
    na_manager, sa_manager, overdue_return, mailoutbox, django_capture_on_commit_callbacks
):
    ShipmentFactory(
        kit=overdue_return.kit,
        booking=overdue_return,
        purpose=Shipment.Purpose.RETURN,
        shipped_on=in_days(-20),
        expected_on=in_days(-10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_kit_overdue_digest")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [na_manager.email]
    assert overdue_return.conference_name in mail.body
    assert "1 deliveries, 1 returns" in mail.subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_kit_overdue_digest")
    assert len(mailoutbox) == 1
    assert OverdueDigest.objects.get().region == region("north-america")


def test_nothing_overdue_sends_nothing(na_manager, mailoutbox, django_capture_on_commit_callbacks):
    ShipmentFactory(expected_on=in_days(3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_kit_overdue_digest")
    assert mailoutbox == []


def test_a_kit_overdue_from_an_event_is_not_shown_free_today(overdue_return):
    from kits.models import Kit

    kit = Kit.objects.with_status_data().get(pk=overdue_return.kit.pk)
    first = kit.timeline()[0]
    assert first["kind"] == "transit"
    assert first["start"] == in_days(0)
    assert first["end"] == in_days(overdue_return.return_days - 1)
