"""The daily overdue digest: what each region's managers read, for the day it is sent for."""

from datetime import date, timedelta

import pytest

from kits import services
from kits.models import BookingStatus, OverdueDigest
from tests.kits.factories import (
    ApprovedBookingFactory,
    KitFactory,
    ShipmentFactory,
    in_days,
    region,
)

pytestmark = pytest.mark.django_db


def at_event_until(last_day, **kwargs):
    """A booking still at its event whose kit should be home after ``last_day``."""
    return ApprovedBookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=last_day - timedelta(days=12),
        conference_ends=last_day - timedelta(days=10),
        arrive_by=last_day - timedelta(days=13),
        leave_on=last_day - timedelta(days=9),
        outbound_days=5,
        return_days=8,
        **kwargs,
    )


def send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.overdue_digest_send(**kwargs)


def test_a_region_with_only_a_late_return_is_told_of_it(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = at_event_until(in_days(-2), conference_name="PyCon Late")
    send(django_capture_on_commit_callbacks)
    (mail,) = mailoutbox
    assert mail.subject.endswith("Kits overdue in North America: 0 deliveries, 1 returns")
    assert f"- {booking.kit} from PyCon Late, due back" in mail.body
    assert "Deliveries past their expected date" not in mail.body


def test_a_late_delivery_is_listed_with_its_kit_and_tracking_number(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    ShipmentFactory(
        kit=KitFactory(name="Blue kit"),
        tracking_number="1Z999AA10123456784",
        expected_on=in_days(-1),
    )
    send(django_capture_on_commit_callbacks)
    (mail,) = mailoutbox
    assert "1 deliveries, 0 returns" in mail.subject
    assert "- Blue kit: US → CA, UPS 1Z999AA10123456784, expected" in mail.body


def test_the_digest_for_a_later_day_counts_what_is_late_by_then(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    ShipmentFactory(expected_on=in_days(2))
    at_event_until(in_days(3))
    assert send(django_capture_on_commit_callbacks) == []
    (digest,) = send(django_capture_on_commit_callbacks, today=in_days(5))
    assert (digest.sent_on, digest.shipments, digest.returns) == (in_days(5), 1, 1)
    (mail,) = mailoutbox
    assert "1 deliveries, 1 returns" in mail.subject
    assert OverdueDigest.objects.get() == digest


def test_the_digest_names_its_region_and_day_and_links_the_overdue_list(
    settings, na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://community.example"
    ShipmentFactory(expected_on=in_days(2))
    send(django_capture_on_commit_callbacks, today=date(2031, 3, 9))
    (mail,) = mailoutbox
    assert mail.body.startswith("Overdue in North America on 9 Mar 2031.")
    assert (
        "The overdue list: https://community.example/admin/kits/shipment/?overdue=yes" in mail.body
    )


def test_a_region_already_told_today_does_not_stop_the_next_region(
    na_manager, sa_manager, mailoutbox, django_capture_on_commit_callbacks
):
    ShipmentFactory(shipped_on=in_days(-10), expected_on=in_days(-5))
    ShipmentFactory(kit=KitFactory(region=region("south-america")), expected_on=in_days(-1))
    OverdueDigest.objects.create(
        region=region("north-america"), sent_on=in_days(0), shipments=1, returns=0
    )
    (digest,) = send(django_capture_on_commit_callbacks)
    assert digest.region == region("south-america")
    assert [mail.to for mail in mailoutbox] == [[sa_manager.email]]
